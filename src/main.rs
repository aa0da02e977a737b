//! The web entry point that Trunk builds: mount the Yew app. Natively it only explains
//! itself, since the command-line tool is the `scalelab` binary.

#[cfg(target_arch = "wasm32")]
fn main() {
    scalelab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("scalelab-web is the browser build (trunk serve); use the `scalelab` binary here.");
}
