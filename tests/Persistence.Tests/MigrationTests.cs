using Dapper;
using Microsoft.Data.Sqlite;
using ScenarioGrid.Grains;
using ScenarioGrid.Queries;

namespace ScenarioGrid.Persistence.Tests;

/// <summary>A file written by the version-1 build (chunk_count, cancel_requested, chunk_runs, grain_state) opened by this one.</summary>
public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sg-persistence-tests", Guid.NewGuid().ToString("N"));
    private readonly string _path;

    public MigrationTests()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "scenariogrid.db");
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly byte[] Partial = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];
    private static readonly byte[] DoneChunks = [0b0000_0011, 0b0000_0000]; // units 0 and 1 of 16

    /// <summary>What the version-1 batch grain stored as its state (System.Text.Json, enums as names).</summary>
    private const string RunningGrainState = $$"""
        {"Request":{"ScenarioSha256":"{{Sha}}","Seed":1,"Trials":1000000,"ChunkSize":1024,"UnitTrials":65536},
         "ScenarioId":"baseline","Phase":"Running","CreatedAt":"2025-03-14T09:26:53.589+00:00",
         "StartedAt":"2025-03-14T09:26:54.589+00:00","FinishedAt":null,"Error":null,"SoftwareVersion":"0.1.0"}
        """;

    private SqliteConnection Raw()
    {
        var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// A version-1 file: one scenario; "running" (1,000,000 trials in 16 units of 65,536, the unit size only in its
    /// grain state) with a checkpoint and two chunk runs; "done" (100,000 trials in 3 units, Completed, no grain state;
    /// a grain state of another state name under its grain id must not be taken for its own).
    /// </summary>
    private void CreateVersion1File(string runningGrainState = RunningGrainState)
    {
        using var connection = Raw();
        connection.Execute(Schema.Migrations[0]);
        connection.Execute("""
            INSERT INTO scenarios (sha256, id, name, yaml, file_name, created_at)
            VALUES (@Sha, 'baseline', 'Baseline', 'id: baseline', 'baseline.yaml', '2025-03-14T09:00:00.0000000+00:00');
            INSERT INTO batches (id, scenario_id, scenario_sha256, seed, trials, chunk_size, chunk_count, status, trials_done,
                created_at, started_at, finished_at, error, model_version, software_version, cancel_requested)
            VALUES ('running', 'baseline', @Sha, 1, 1000000, 1024, 16, 'Running', 131072,
                '2025-03-14T09:26:53.5890000+00:00', '2025-03-14T09:26:54.5890000+00:00', NULL, NULL, 'model-1', '0.1.0', 1);
            INSERT INTO batches (id, scenario_id, scenario_sha256, seed, trials, chunk_size, chunk_count, status, trials_done,
                created_at, started_at, finished_at, error, model_version, software_version, cancel_requested)
            VALUES ('done', 'baseline', @Sha, 2, 100000, 512, 3, 'Completed', 100000,
                '2025-03-14T09:00:00.0000000+00:00', '2025-03-14T09:00:01.0000000+00:00', '2025-03-14T09:00:02.0000000+00:00',
                NULL, 'model-1', '0.1.0', 0);
            INSERT INTO grain_state (state_name, grain_id, etag, data, updated_at)
            VALUES ('batch', 'batch/running', 'etag-1', @RunningGrainState, '2025-03-14T09:27:00.0000000+00:00');
            INSERT INTO grain_state (state_name, grain_id, etag, data, updated_at)
            VALUES ('other', 'batch/done', 'etag-2', '{"Request":{"UnitTrials":4096}}', '2025-03-14T09:27:00.0000000+00:00');
            INSERT INTO batch_checkpoints (batch_id, partial, done_chunks, trials_done, updated_at)
            VALUES ('running', @Partial, @DoneChunks, 131072, '2025-03-14T09:27:00.0000000+00:00');
            INSERT INTO chunk_runs (batch_id, chunk_index, silo, trials, seconds) VALUES ('running', 0, 'silo-a', 65536, 1.5);
            INSERT INTO chunk_runs (batch_id, chunk_index, silo, trials, seconds) VALUES ('running', 1, 'silo-b', 65536, 2.25);
            """, new { Sha, RunningGrainState = runningGrainState, Partial, DoneChunks });
        Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA user_version"));
    }

    private static IReadOnlyList<string> Columns(System.Data.Common.DbConnection connection, string table) =>
        [.. connection.Query<string>($"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")];

    [Fact]
    public async Task A_version_1_file_is_migrated_keeping_its_batches_checkpoint_and_runs()
    {
        CreateVersion1File();

        var database = new ScenarioGridDatabase(_path);
        database.Initialize();

        using (var connection = Raw())
        {
            Assert.Equal((long)ScenarioGridDatabase.SchemaVersion, connection.ExecuteScalar<long>("PRAGMA user_version"));
            Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_schema WHERE name IN ('grain_state', 'chunk_runs')"));
            var columns = Columns(connection, "batches");
            Assert.Contains("unit_count", columns);
            Assert.Contains("unit_trials", columns);
            Assert.Contains("version", columns);
            Assert.DoesNotContain("chunk_count", columns);
            Assert.DoesNotContain("cancel_requested", columns);
            Assert.Equal(["batch_id", "partial", "done_units", "trials_done", "updated_at", "unit_estimates"], Columns(connection, "batch_checkpoints"));
            Assert.Equal(["batch_id", "unit_index", "silo", "trials", "seconds"], Columns(connection, "unit_runs"));
            Assert.Equal([("done", 3L, 33_334L, 0L), ("running", 16L, 65_536L, 0L)],
                connection.Query<(string, long, long, long)>("SELECT id, unit_count, unit_trials, version FROM batches ORDER BY id"));
        }

        // The unit size of "running" comes from its grain state; "done" had none (the other state name does not
        // count), so its size is ceil(100,000 / 3).
        var store = new BatchStore(database);
        var running = await store.Load("running");
        Assert.Equal(new BatchRecord("running", "baseline", Sha, 1, 1_000_000, 1024, 65_536, BatchStatus.Running, 131_072,
            TestData.T0, TestData.T0.AddSeconds(1), null, null, "model-1", "0.1.0", Version: 0), running);
        Assert.Equal(16, running!.UnitCount);
        var done = new BatchQueries(database).Get("done")!;
        Assert.Equal((33_334, 3, BatchStatus.Completed, 100_000L, 0L), (done.UnitTrials, done.UnitCount, done.Status, done.TrialsDone, done.Version));
        Assert.Equal(["running"], new BatchQueries(database).Unfinished().Select(b => b.Id));

        var checkpoint = (await store.LoadCheckpoint("running"))!;
        Assert.Equal(Partial, checkpoint.Partial);
        Assert.Equal(DoneChunks, checkpoint.DoneUnits);
        Assert.Equal(131_072, checkpoint.TrialsDone);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 27, 0, TimeSpan.Zero), checkpoint.UpdatedAt);
        var doneUnits = UnitSet.FromBytes(checkpoint.DoneUnits, running.UnitCount);
        Assert.Equal([0, 1], Enumerable.Range(0, running.UnitCount).Where(doneUnits.Contains));

        Assert.Equal([new UnitRun("running", 0, "silo-a", 65_536, 1.5), new UnitRun("running", 1, "silo-b", 65_536, 2.25)],
            TestData.Runs(database, "running"));
        Assert.Equal([new SiloUnits("silo-a", 1, 65_536, 1.5), new SiloUnits("silo-b", 1, 65_536, 2.25)],
            new BatchQueries(database).UnitsPerSilo("running"));

        // And the grain carries on from there: a versioned save at version 0, a repeated unit keeping its first run.
        Assert.True(await store.Save(running with { TrialsDone = 196_608 }, checkpoint with { TrialsDone = 196_608 },
            [new UnitRun("running", 1, "silo-c", 65_536, 9), new UnitRun("running", 2, "silo-c", 65_536, 3)]));
        Assert.Equal((196_608L, 1L), ((await store.Load("running"))!.TrialsDone, (await store.Load("running"))!.Version));
        Assert.Equal(["silo-a", "silo-b", "silo-c"], TestData.Runs(database, "running").Select(r => r.Silo));
    }

    [Fact]
    public void A_grain_state_without_a_unit_size_falls_back_to_the_rounded_up_quotient()
    {
        CreateVersion1File(runningGrainState: """{"Request":null,"Phase":"Running"}""");
        var database = new ScenarioGridDatabase(_path);
        database.Initialize();
        // ceil(1,000,000 / 16) = 62,500, which in 16 units covers the 1,000,000 trials exactly.
        var running = new BatchQueries(database).Get("running")!;
        Assert.Equal((62_500, 16), (running.UnitTrials, running.UnitCount));
    }

    [Fact]
    public void A_migration_that_fails_leaves_the_version_1_file_as_it_was()
    {
        CreateVersion1File(runningGrainState: "not json");

        var e = Assert.Throws<DatabaseException>(() => new ScenarioGridDatabase(_path).Initialize());
        Assert.Contains(_path, e.Message);

        using var connection = Raw();
        Assert.Equal(1L, connection.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal(2L, connection.ExecuteScalar<long>("SELECT count(*) FROM grain_state"));
        Assert.Equal(2L, connection.ExecuteScalar<long>("SELECT count(*) FROM chunk_runs"));
        Assert.Contains("chunk_count", Columns(connection, "batches"));
        Assert.Contains("cancel_requested", Columns(connection, "batches"));
        Assert.Contains("done_chunks", Columns(connection, "batch_checkpoints"));
    }

    /// <summary>V2 cannot run twice (its ALTER TABLEs would fail), so this shows each process re-reads the version under the write lock.</summary>
    [Fact]
    public async Task Several_processes_migrating_a_version_1_file_at_once_all_succeed()
    {
        CreateVersion1File();
        var barrier = new Barrier(4);
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
        {
            var database = new ScenarioGridDatabase(_path);
            barrier.SignalAndWait();
            database.Initialize();
            return new BatchQueries(database).Get("running")!.UnitTrials;
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();

        Assert.All(await Task.WhenAll(tasks), unitTrials => Assert.Equal(65_536, unitTrials));
        using var connection = Raw();
        Assert.Equal((long)ScenarioGridDatabase.SchemaVersion, connection.ExecuteScalar<long>("PRAGMA user_version"));
    }

    /// <summary>
    /// A version-2 file with a completed batch and its (v1) result document, as the version-2 build wrote them: after
    /// the migration to version 3 the document reads back exactly (no steps, no strategy), the batch runs the file
    /// itself, and the rows sit in the single document's member ('').
    /// </summary>
    [Fact]
    public void A_version_2_file_keeps_its_results_when_migrated_to_version_3()
    {
        var expected = ResultTests.Awkward();
        var m = expected.Milestones[1];
        var c = expected.Comparisons[1];
        using (var connection = Raw())
        {
            connection.Execute(Schema.Migrations[0]);
            connection.Execute(Schema.Migrations[1]);
            connection.Execute("""
                INSERT INTO scenarios (sha256, id, name, yaml, file_name, created_at)
                VALUES (@Sha, 'baseline', 'Baseline', 'id: baseline', 'baseline.yaml', '2025-03-14T09:00:00.0000000+00:00');
                INSERT INTO batches (id, scenario_id, scenario_sha256, seed, trials, chunk_size, unit_count, unit_trials, status,
                    trials_done, created_at, started_at, finished_at, error, model_version, software_version, version)
                VALUES ('done', 'baseline', @Sha, 1, 1000000, 1024, 16, 65536, 'Completed', 1000000,
                    '2025-03-14T09:00:00.0000000+00:00', NULL, NULL, NULL, 'v1', '0.1.0', 3);
                """, new { Sha });
            // The version-2 build's result rows: the same columns as today's, without member, step, strategy, has_steps, is_set.
            var p = expected.Provenance;
            connection.Execute("""
                INSERT INTO result_documents (batch_id, scenario, seed, trials, model_version, years, scenario_sha256, software_version,
                    provenance_seed, provenance_trials, provenance_model_version)
                VALUES ('done', @Scenario, @Seed, @Trials, @ModelVersion, @Years, @ScenarioSha256, @SoftwareVersion, @PSeed, @PTrials, @PModel)
                """, new { expected.Scenario, expected.Seed, expected.Trials, expected.ModelVersion, Years = "[2025,2026,2030]",
                    p.ScenarioSha256, p.SoftwareVersion, PSeed = p.Seed, PTrials = p.Trials, PModel = p.ModelVersion });
            var s = expected.Series[0];
            connection.Execute("""
                INSERT INTO series (batch_id, seq, entity, metric, year, count, mean, std_dev, min, max, p5, p10, p25, p50, p75, p90, p95, special_values)
                VALUES ('done', 0, @Entity, @Metric, @Year, @Count, @Mean, @StdDev, @Min, @Max, 0, @P10, @P25, @P50, @P75, @P90, @P95, 1 << 8)
                """, new { s.Entity, s.Metric, s.Year, s.Count, s.Mean, s.StdDev, s.Min, s.Max, s.P10, s.P25, s.P50, s.P75, s.P90, s.P95 });
            connection.Execute("""
                INSERT INTO milestones (batch_id, seq, entity, milestone, probability_by_end, p10, p50, p90, special_values)
                VALUES ('done', 0, @Entity, @Milestone, 0.0, NULL, NULL, NULL, 0)
                """, new { m.Entity, m.Milestone });
            connection.Execute("""
                INSERT INTO comparisons (batch_id, seq, a, b, metric, year, count, probability_a_less_than_b, delta_mean, delta_p10,
                    delta_p50, delta_p90, special_values)
                VALUES ('done', 0, @A, @B, @Metric, @Year, 0, NULL, NULL, NULL, NULL, NULL, 0)
                """, new { c.A, c.B, c.Metric, c.Year });
        }

        var database = new ScenarioGridDatabase(_path);
        database.Initialize();

        var stored = new ResultQueries(database).Document("done");
        ResultAssert.Equal(expected with { Series = [expected.Series[0]], Milestones = [m], Comparisons = [c] }, stored);
        Assert.Null(stored!.Steps);
        Assert.Null(stored.Strategy);
        Assert.Null(new ResultQueries(database).SetDocument("done"));
        var batch = new BatchQueries(database).Get("done")!;
        Assert.Equal((null, false, 3L), (batch.Strategy, batch.StrategySet, batch.Version));
        // Version 4: an older batch reads as Normal priority, not paused, without a stop rule, not converged.
        Assert.Equal((BatchPriority.Normal, null, null, false), (batch.Priority, batch.PausedAt, batch.Until, batch.Converged));
        using var check = Raw();
        Assert.Equal((long)ScenarioGridDatabase.SchemaVersion, check.ExecuteScalar<long>("PRAGMA user_version"));
        Assert.Equal([""], check.Query<string>("SELECT DISTINCT member FROM series UNION SELECT member FROM milestones UNION SELECT member FROM comparisons"));
    }
}
