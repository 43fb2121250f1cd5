fn main() {
    agentcore_synth::cli::main()
}
