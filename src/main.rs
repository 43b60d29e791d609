fn main() {
    std::process::exit(local_fortune::cli::main());
}
