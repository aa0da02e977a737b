//! The Web Worker itself (gloo-worker): it receives [`Request`]s, runs at most one [`Job`]
//! and reads at most one imported file ([`Imports`]), each in slices of [`WORKER_SLICE_MS`]
//! (the two take turns, so a 50 MB file never holds up a run for longer than a slice), and
//! yields to its event loop between slices (a zero timeout) so that a newer request is seen
//! and replaces the job in progress.
//!
//! gloo-worker gives the page no error event, so the worker says itself what went wrong:
//! it answers [`Reply::Ready`] as soon as the page connects (the page's watchdog waits for
//! it), and its panic hook sends [`Reply::Crashed`] with the panic message before the
//! worker dies.

use super::{from_bytes, to_bytes, Bytes, Imports, Job, Reply, Request, WORKER_SLICE_MS};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    static CRASHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the panic hook sends its last words.
    static LAST_WORDS: RefCell<Option<(WorkerScope<EngineWorker>, HandlerId)>> = const { RefCell::new(None) };
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Start the worker: install the panic hook and answer the page.
pub fn register() {
    std::panic::set_hook(Box::new(|info| {
        // Only the first panic speaks: it leaves gloo-worker's state borrowed, so anything
        // after it would panic again ("already borrowed") and bury the real message.
        if CRASHED.with(|c| c.replace(true)) {
            return;
        }
        console_error_panic_hook::hook(info);
        LAST_WORDS.with(|w| {
            if let Ok(w) = w.try_borrow() {
                if let Some((scope, id)) = w.as_ref() {
                    if let Ok(bytes) = to_bytes(&Reply::Crashed {
                        message: info.to_string(),
                    }) {
                        scope.respond(*id, Bytes(bytes));
                    }
                }
            }
        });
        // Then stop: queued messages and timers are dropped rather than run on a broken state.
        js_sys::global()
            .unchecked_into::<web_sys::DedicatedWorkerGlobalScope>()
            .close();
    }));
    <EngineWorker as gloo_worker::Registrable>::registrar().register();
}

pub enum Message {
    /// Simulate the next slice of the current job.
    Slice,
}

/// The engine host inside the worker.
pub struct EngineWorker {
    /// The run in progress and who asked for it.
    job: Option<(HandlerId, Job)>,
    /// The file being read (or read), and who sent it.
    imports: Imports,
    import_to: Option<HandlerId>,
    /// A slice is already scheduled (so a new job does not schedule a second one).
    scheduled: bool,
}

impl EngineWorker {
    fn respond(scope: &WorkerScope<Self>, id: HandlerId, reply: &Reply) {
        match to_bytes(reply) {
            Ok(bytes) => scope.respond(id, Bytes(bytes)),
            Err(message) => {
                if let Ok(bytes) = to_bytes(&Reply::Refused {
                    run_id: reply.run_id().unwrap_or(0),
                    message,
                }) {
                    scope.respond(id, Bytes(bytes));
                }
            }
        }
    }

    fn schedule(&mut self, scope: &WorkerScope<Self>) {
        if self.scheduled {
            return;
        }
        self.scheduled = true;
        let scope = scope.clone();
        // A macrotask, not a microtask: messages from the page are handled before it runs.
        gloo::timers::callback::Timeout::new(0, move || scope.send_message(Message::Slice))
            .forget();
    }
}

impl Worker for EngineWorker {
    type Message = Message;
    type Input = Bytes;
    type Output = Bytes;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        EngineWorker {
            job: None,
            imports: Imports::default(),
            import_to: None,
            scheduled: false,
        }
    }

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        LAST_WORDS.with(|w| *w.borrow_mut() = Some((scope.clone(), id)));
        Self::respond(scope, id, &Reply::Ready);
    }

    fn update(&mut self, scope: &WorkerScope<Self>, Message::Slice: Message) {
        self.scheduled = false;
        if self.imports.has_work() {
            let replies = self.imports.slice(&now_ms, WORKER_SLICE_MS);
            if let Some(id) = self.import_to {
                for reply in &replies {
                    Self::respond(scope, id, reply);
                }
            }
        }
        if let Some((id, mut job)) = self.job.take() {
            job.slice(&now_ms, WORKER_SLICE_MS);
            for reply in job.replies(now_ms()) {
                Self::respond(scope, id, &reply);
            }
            if !job.is_finished() {
                self.job = Some((id, job));
            }
        }
        if self.job.is_some() || self.imports.has_work() {
            self.schedule(scope);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, bytes: Bytes, id: HandlerId) {
        let request = match from_bytes::<Request>(&bytes.0).map(|r| self.imports.handle(r)) {
            Ok(Ok(replies)) => {
                self.import_to = Some(id);
                for reply in &replies {
                    Self::respond(scope, id, reply);
                }
                if self.imports.has_work() {
                    self.schedule(scope);
                }
                return;
            }
            Ok(Err(other)) => Ok(other),
            Err(message) => Err(message),
        };
        match request {
            Ok(run @ (Request::Run { .. } | Request::RunSeries { .. })) => match Job::for_request(run, now_ms()).expect("a run request") {
                Ok(job) => {
                    // Replaces (drops) the job in progress, if any.
                    Self::respond(scope, id, &job.progress());
                    self.job = Some((id, job));
                    self.schedule(scope);
                }
                Err(refused) => {
                    self.job = None;
                    Self::respond(scope, id, &refused);
                }
            },
            Ok(Request::Csv {
                run_id,
                scenario_json,
            }) => Self::respond(scope, id, &super::csv(run_id, &scenario_json)),
            Ok(Request::SelfTestPanic) => {
                panic!("self-test: a deliberate panic in the simulation worker")
            }
            // (Handled by `imports` above.)
            Ok(Request::ImportStart { .. } | Request::ImportChunk { .. } | Request::ImportEnd { .. } | Request::ImportShape { .. } | Request::ImportCancel { .. }) => {}
            Err(message) => Self::respond(scope, id, &Reply::Refused { run_id: 0, message }),
        }
    }
}
