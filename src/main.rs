use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = match tieout::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `--help` and `--version` are not errors; clap knows which is which.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return std::process::ExitCode::from(code);
        }
    };
    std::process::ExitCode::from(tieout::cli::run(cli) as u8)
}
