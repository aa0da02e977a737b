//! The benchmarks' rough traces as scenario files, for `scripts/bench-page.sh` and for
//! profiling: `cargo run --release --example rough_traces -- DIR` writes
//! `DIR/{noisy-day,jumpy-day,default-day,noisy-month}.json` (days at 5 s steps, the month at 60 s).
//! `cargo run --release --example rough_traces -- --profile FILE.json` runs one scenario file
//! once (for `valgrind --tool=callgrind`) and prints its step count.
use scalelab::model::scenario::Scenario;
use scalelab::model::traffic::Traffic;

#[path = "../benches/traces.rs"]
mod traces;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag, file] if flag == "--profile" => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            let s = Scenario::from_json(&text)?;
            let run = scalelab::model::sim::run(&s);
            println!("steps {} DynamoDB ${:.0}/month, Aurora ${:.0}/month", run.steps, run.dynamodb_summary.monthly_cost_usd, run.aurora_summary.monthly_cost_usd);
            Ok(())
        }
        [dir] => {
            for (name, traffic, days, step) in [
                ("default-day", Traffic::Steady, 1.0, 5.0),
                ("noisy-day", traces::noisy_day(), 1.0, 5.0),
                ("jumpy-day", traces::jumpy_day(), 1.0, 5.0),
                ("noisy-month", traces::noisy_month(), 30.0, 60.0),
            ] {
                let json = serde_json::to_string(&traces::scenario(traffic, days, step)).map_err(|e| e.to_string())?;
                let path = format!("{dir}/{name}.json");
                std::fs::write(&path, json).map_err(|e| format!("{path}: {e}"))?;
                println!("{path}");
            }
            Ok(())
        }
        _ => Err("usage: rough_traces DIR | rough_traces --profile FILE.json".into()),
    }
}
