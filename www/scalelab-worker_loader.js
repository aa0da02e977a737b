// Starts the simulation worker (src/bin/worker.rs, built by Trunk with data-type="worker"):
// the wasm-bindgen glue, then its wasm, both from this directory (relative URLs, so a
// sub-path works). Written by hand rather than Trunk's data-loader-shim only to pass the
// object form of the init argument (the shim's string form logs a deprecation warning).
importScripts("./scalelab-worker.js");
wasm_bindgen({ module_or_path: "./scalelab-worker_bg.wasm" });
