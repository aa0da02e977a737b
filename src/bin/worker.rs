//! The page's Web Worker entry point (Trunk builds it with `data-type="worker"`, see
//! www/index.html): it runs the simulation engine off the page's thread
//! (`scalelab::worker`). Natively it only explains itself.

#[cfg(target_arch = "wasm32")]
fn main() {
    scalelab::worker::agent::register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("scalelab-worker is the browser's simulation worker (trunk build); use the `scalelab` binary here.");
}
