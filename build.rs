//! The catalog in `data/` is built into the binary (`include_dir!`); rebuild when it changes.

fn main() {
    println!("cargo:rerun-if-changed=data");
}
