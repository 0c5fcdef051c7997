namespace ScenarioGrid.Cli;

public static class Usage
{
    public static int Print(TextWriter w, int exitCode)
    {
        w.WriteLine("""
            scenariogrid — Monte Carlo scenarios for solid-state battery routes

            usage:
              scenariogrid validate FILE
              scenariogrid run FILE --trials N --seed S [--strategy ID | --strategies] [--chunk K] [--unit U] [--json OUT] [--db PATH | --postgres CONNECTION]
                  [--priority interactive|normal|overnight] [--until-p50 REL] [--until-probability ABS] [--until-min-units N]
              scenariogrid run FILE --trials N --seed S --in-process [--chunk K] [--threads T] [--strategy ID | --strategies] [--json OUT]
              scenariogrid resume [--db PATH | --postgres CONNECTION]
              scenariogrid pause ID [--db PATH | --postgres CONNECTION | --server URL]
              scenariogrid resume ID [--db PATH | --postgres CONNECTION | --server URL]
              scenariogrid batches [--first N] [--db PATH | --postgres CONNECTION]
              scenariogrid results ID [--json OUT] [--csv DIR] [--parquet DIR] [--db PATH | --postgres CONNECTION]
              scenariogrid cancel ID [--db PATH | --postgres CONNECTION]
              scenariogrid submit FILE --trials N --seed S [--strategy ID | --strategies] [--chunk K] --server URL [--api-key KEY]
                  [--priority interactive|normal|overnight] [--until-p50 REL] [--until-probability ABS] [--until-min-units N]
              scenariogrid status ID --server URL
              scenariogrid watch ID --server URL
              scenariogrid results ID --server URL [--json OUT] [--csv DIR] [--parquet DIR]
              scenariogrid replay FILE --seed S --trial I [--strategy ID] [--json OUT]
              scenariogrid sensitivity FILE --seed S --trials N --entity E --metric M --year Y [--step K] [--strategy ID] [--json OUT]

            run submits the batch to the grains of an embedded silo and stores it in the database
            (default ./data/scenariogrid.db); its first output line is "batch ID". Ctrl+C or SIGTERM interrupts it
            with its checkpoint kept: resume continues it; cancel drops it.
            FILE is a scenario YAML (see scenarios/README.md); `extends` finds parents in the same folder.
            --strategy ID runs one member of a file's strategy set (base is the file itself); --strategies runs every member
            on the same trials (common random numbers) in one batch and prints the strategy comparisons (model v2); results
            and results --json of such a batch give the set's document (members and strategyComparisons).
            --server URL talks GraphQL to a running API (dotnet run --project api; see docs/api.md):
            submit stores the scenario and the files it extends there and prints "batch ID"; watch shows a
            progress bar until the batch finishes; results writes the same JSON as run --json. The API key
            of a locked server comes from --api-key or SCENARIOGRID_API_KEY.
            results --csv DIR / --parquet DIR write series, milestones and comparisons (.csv / .parquet) into DIR:
            a folder rather than one file, since a Parquet file holds one table and the three have different columns.
            --postgres CONNECTION (or SCENARIOGRID_POSTGRES) uses a cluster's PostgreSQL database instead of a SQLite file,
            e.g. "Host=db1;Database=scenariogrid;Username=sg;Password=…" (see docs/cluster.md).
            --priority orders the batch in the queue and on the cores (default normal; docs/scheduling.md). pause ID holds a
            queued or running batch with its progress kept (it stays paused through restarts); resume ID puts it back in the
            queue; resume without an ID continues every unfinished batch of the database after a crash, except paused ones.
            --until-p50 REL stops the batch at a unit boundary once the median cost per kWh of every route in the horizon's
            last year has a 95 % half-width within ±REL of itself (0.005 = ±0.5 %); --until-probability ABS once P(a < b) of
            every comparison the file lists, in that year, is within ±ABS; after at least --until-min-units units (16). run
            then prints "converged: stopped after N of M trials": a run of N trials with the same seed gives the same results
            (docs/convergence.md).
            Seeds are whole numbers 0 ≤ S < 2^53. Exit codes: 0 ok, 2 invalid input, 1 failure.
            """);
        return exitCode;
    }
}
