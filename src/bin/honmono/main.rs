//! `honmono` command-line tool (native only; the wasm build is the library).

#[cfg(not(target_arch = "wasm32"))]
mod alloc;
#[cfg(not(target_arch = "wasm32"))]
mod cli;
#[cfg(not(target_arch = "wasm32"))]
mod doh;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    alloc::configure();
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
