fn main() {
    // The default theme is embedded in the binary: a file added to or removed from it must rebuild the crate.
    println!("cargo:rerun-if-changed=themes/default");
}
