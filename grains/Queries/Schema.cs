namespace ScenarioGrid.Queries;

/// <summary>
/// The database schema, SQLite's scripts, versioned with <c>PRAGMA user_version</c>. <see cref="Migrations"/>[i] takes a
/// database from version i to i + 1. Each script ends by setting the version and runs in one write transaction
/// that re-reads the version under the write lock (<c>Providers.SqliteProvider</c>), so a script runs once
/// even when several processes start together, and a crash half-way leaves the previous version intact.
/// Never edit a shipped script: append a new one and raise <see cref="Version"/>. <see cref="Version"/> is both
/// providers' version: every new script has its PostgreSQL twin in <see cref="PostgresSchema.Migrations"/>
/// (PostgresSchemaTests check that both reach it with the same tables and columns).
/// </summary>
internal static class Schema
{
    public const int Version = 4;

    public static IReadOnlyList<string> Migrations { get; } = [V1, V2, V3, V4];

    private const string V1 = """
        CREATE TABLE IF NOT EXISTS scenarios (
            sha256      TEXT NOT NULL PRIMARY KEY,
            id          TEXT NOT NULL,
            name        TEXT NOT NULL,
            yaml        TEXT NOT NULL,
            file_name   TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS scenarios_by_id ON scenarios (id, created_at);

        -- The files a scenario extends, in extends order (its parent first), so it can be reloaded exactly.
        CREATE TABLE IF NOT EXISTS scenario_ancestors (
            sha256      TEXT NOT NULL REFERENCES scenarios (sha256) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            file_name   TEXT NOT NULL,
            yaml        TEXT NOT NULL,
            PRIMARY KEY (sha256, position)
        );

        CREATE TABLE IF NOT EXISTS batches (
            id                TEXT NOT NULL PRIMARY KEY,
            scenario_id       TEXT NOT NULL,
            scenario_sha256   TEXT NOT NULL REFERENCES scenarios (sha256),
            seed              INTEGER NOT NULL,
            trials            INTEGER NOT NULL,
            chunk_size        INTEGER NOT NULL,
            chunk_count       INTEGER NOT NULL,
            status            TEXT NOT NULL
                              CHECK (status IN ('Queued', 'Running', 'Completed', 'Failed', 'Cancelled')),
            trials_done       INTEGER NOT NULL DEFAULT 0,
            created_at        TEXT NOT NULL,
            started_at        TEXT,
            finished_at       TEXT,
            error             TEXT,
            model_version     TEXT NOT NULL,
            software_version  TEXT NOT NULL,
            cancel_requested  INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1))
        );
        CREATE INDEX IF NOT EXISTS batches_by_created ON batches (created_at, id);
        CREATE INDEX IF NOT EXISTS batches_by_status ON batches (status, created_at, id);
        CREATE INDEX IF NOT EXISTS batches_by_scenario ON batches (scenario_id, created_at, id);

        CREATE TABLE IF NOT EXISTS batch_checkpoints (
            batch_id     TEXT NOT NULL PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
            partial      BLOB NOT NULL,
            done_chunks  BLOB NOT NULL,
            trials_done  INTEGER NOT NULL,
            updated_at   TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS chunk_runs (
            batch_id     TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
            chunk_index  INTEGER NOT NULL,
            silo         TEXT NOT NULL,
            trials       INTEGER NOT NULL,
            seconds      REAL NOT NULL,
            PRIMARY KEY (batch_id, chunk_index)
        );

        -- Result tables. special_values keeps, two bits per nullable REAL column (in declaration order),
        -- the doubles a REAL column cannot: bit 2k = -0.0 (stored as 0), bit 2k+1 = NaN (stored as NULL).
        -- It is 0 on almost every row.
        CREATE TABLE IF NOT EXISTS result_documents (
            batch_id                  TEXT NOT NULL PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
            scenario                  TEXT NOT NULL,
            seed                      INTEGER NOT NULL,
            trials                    INTEGER NOT NULL,
            model_version             TEXT NOT NULL,
            years                     TEXT NOT NULL,
            scenario_sha256           TEXT NOT NULL,
            software_version          TEXT NOT NULL,
            provenance_seed           INTEGER NOT NULL,
            provenance_trials         INTEGER NOT NULL,
            provenance_model_version  TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS series (
            batch_id        TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq             INTEGER NOT NULL,
            entity          TEXT NOT NULL,
            metric          TEXT NOT NULL,
            year            INTEGER NOT NULL,
            count           INTEGER NOT NULL,
            mean            REAL,
            std_dev         REAL,
            min             REAL,
            max             REAL,
            p5              REAL,
            p10             REAL,
            p25             REAL,
            p50             REAL,
            p75             REAL,
            p90             REAL,
            p95             REAL,
            special_values  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        -- seq last: a filtered query reads its rows already in saved order, with no sort.
        CREATE INDEX IF NOT EXISTS series_by_entity_metric ON series (batch_id, entity, metric, seq);
        CREATE INDEX IF NOT EXISTS series_by_metric ON series (batch_id, metric, seq);

        CREATE TABLE IF NOT EXISTS milestones (
            batch_id            TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                 INTEGER NOT NULL,
            entity              TEXT NOT NULL,
            milestone           TEXT NOT NULL,
            probability_by_end  REAL,
            p10                 INTEGER,
            p50                 INTEGER,
            p90                 INTEGER,
            special_values      INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX IF NOT EXISTS milestones_by_entity ON milestones (batch_id, entity, seq);

        -- MilestoneResult.ProbabilityByYear: one row per entry, in list order.
        CREATE TABLE IF NOT EXISTS milestone_years (
            batch_id        TEXT NOT NULL,
            milestone_seq   INTEGER NOT NULL,
            position        INTEGER NOT NULL,
            year            INTEGER NOT NULL,
            probability     REAL,
            special_values  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, milestone_seq, position),
            FOREIGN KEY (batch_id, milestone_seq) REFERENCES milestones (batch_id, seq) ON DELETE CASCADE
        );

        CREATE TABLE IF NOT EXISTS comparisons (
            batch_id                   TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                        INTEGER NOT NULL,
            a                          TEXT NOT NULL,
            b                          TEXT NOT NULL,
            metric                     TEXT NOT NULL,
            year                       INTEGER NOT NULL,
            count                      INTEGER NOT NULL,
            probability_a_less_than_b  REAL,
            delta_mean                 REAL,
            delta_p10                  REAL,
            delta_p50                  REAL,
            delta_p90                  REAL,
            special_values             INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX IF NOT EXISTS comparisons_by_a ON comparisons (batch_id, a, seq);

        -- Orleans grain state (SqliteGrainStorage): JSON, with an etag for optimistic concurrency.
        CREATE TABLE IF NOT EXISTS grain_state (
            state_name  TEXT NOT NULL,
            grain_id    TEXT NOT NULL,
            etag        TEXT NOT NULL,
            data        TEXT NOT NULL,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );

        PRAGMA user_version = 1;
        """;

    // One name per thing: a "unit" is the grain-level work item, a "chunk" only the kernel's slice of trials.
    // The batches row becomes the batch grain's whole state: it gains the unit size (until now only in the
    // grain's JSON state, from which it is copied) and a version for optimistic concurrency, and loses the
    // cancel flag (a cancel is a status change made by the grain). grain_state held nothing but batch grain
    // states, so it goes.
    private const string V2 = """
        ALTER TABLE batches RENAME COLUMN chunk_count TO unit_count;
        ALTER TABLE batches ADD COLUMN unit_trials INTEGER NOT NULL DEFAULT 0;
        UPDATE batches SET unit_trials = COALESCE(
            (SELECT json_extract(g.data, '$.Request.UnitTrials') FROM grain_state g
             WHERE g.state_name = 'batch' AND g.grain_id = 'batch/' || batches.id),
            (trials + unit_count - 1) / unit_count);
        ALTER TABLE batches ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE batches DROP COLUMN cancel_requested;
        ALTER TABLE batch_checkpoints RENAME COLUMN done_chunks TO done_units;
        ALTER TABLE chunk_runs RENAME TO unit_runs;
        ALTER TABLE unit_runs RENAME COLUMN chunk_index TO unit_index;
        DROP TABLE grain_state;

        PRAGMA user_version = 2;
        """;

    // Model v2 results (model-spec-v2 §5–6). A batch may run one member of a file's strategy set (strategy) or the
    // whole set (strategy_set). A stored document keeps its member name and whether it has the `steps` key (every
    // v2 document, none of v1), or is a set document: then its members are listed in result_members and every row
    // of series, steps, milestones and comparisons names its member (`member`; '' in a single document, so v1 rows
    // are unchanged). seq stays unique per batch across members. The slice indexes gain member after batch_id.
    private const string V3 = """
        ALTER TABLE batches ADD COLUMN strategy TEXT;
        ALTER TABLE batches ADD COLUMN strategy_set INTEGER NOT NULL DEFAULT 0 CHECK (strategy_set IN (0, 1));

        ALTER TABLE result_documents ADD COLUMN strategy TEXT;
        ALTER TABLE result_documents ADD COLUMN has_steps INTEGER NOT NULL DEFAULT 0 CHECK (has_steps IN (0, 1));
        ALTER TABLE result_documents ADD COLUMN is_set INTEGER NOT NULL DEFAULT 0 CHECK (is_set IN (0, 1));

        CREATE TABLE result_members (
            batch_id  TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            position  INTEGER NOT NULL,
            strategy  TEXT NOT NULL,
            PRIMARY KEY (batch_id, position)
        );

        ALTER TABLE series ADD COLUMN member TEXT NOT NULL DEFAULT '';
        DROP INDEX series_by_entity_metric;
        DROP INDEX series_by_metric;
        CREATE INDEX series_by_entity_metric ON series (batch_id, member, entity, metric, seq);
        CREATE INDEX series_by_metric ON series (batch_id, member, metric, seq);
        CREATE INDEX series_by_member ON series (batch_id, member, seq);

        ALTER TABLE milestones ADD COLUMN member TEXT NOT NULL DEFAULT '';
        DROP INDEX milestones_by_entity;
        CREATE INDEX milestones_by_entity ON milestones (batch_id, member, entity, seq);

        ALTER TABLE comparisons ADD COLUMN member TEXT NOT NULL DEFAULT '';
        ALTER TABLE comparisons ADD COLUMN step TEXT;
        DROP INDEX comparisons_by_a;
        CREATE INDEX comparisons_by_a ON comparisons (batch_id, member, a, seq);

        CREATE TABLE steps (
            batch_id        TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq             INTEGER NOT NULL,
            member          TEXT NOT NULL DEFAULT '',
            entity          TEXT NOT NULL,
            step            TEXT NOT NULL,
            metric          TEXT NOT NULL,
            year            INTEGER NOT NULL,
            count           INTEGER NOT NULL,
            mean            REAL,
            std_dev         REAL,
            min             REAL,
            max             REAL,
            p5              REAL,
            p10             REAL,
            p25             REAL,
            p50             REAL,
            p75             REAL,
            p90             REAL,
            p95             REAL,
            special_values  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX steps_by_entity ON steps (batch_id, member, entity, seq);
        CREATE INDEX steps_by_member ON steps (batch_id, member, seq);

        CREATE TABLE strategy_comparisons (
            batch_id                   TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                        INTEGER NOT NULL,
            a                          TEXT NOT NULL,
            b                          TEXT NOT NULL,
            entity                     TEXT NOT NULL,
            metric                     TEXT NOT NULL,
            step                       TEXT,
            year                       INTEGER NOT NULL,
            count                      INTEGER NOT NULL,
            probability_a_less_than_b  REAL,
            delta_mean                 REAL,
            delta_p10                  REAL,
            delta_p50                  REAL,
            delta_p90                  REAL,
            special_values             INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );

        PRAGMA user_version = 3;
        """;

    // ---- Version 4: the fair queue and stop-when-converged (docs/scheduling.md, docs/convergence.md) ----
    // Plain ALTER TABLE ADD COLUMN with TEXT columns, which SQLite and PostgreSQL both accept as written: V4Portable is the
    // whole step for either provider, and only the version stamp after it is SQLite's.
    // priority: the batch's class. paused_at: when a Queued or Running batch was paused (null otherwise); batches.status
    // keeps Queued/Running for a paused batch, since its CHECK (V1) cannot be widened without rebuilding the table.
    // until_rule: the stop-when-converged rule as JSON (null: run every trial). stop_reason: 'converged' when the batch
    // stopped early (trials_done then holds the trials run). unit_estimates: the merged units' estimates of the rule's
    // targets (JSON [[...], ...], unit order), which a resumed batch needs to go on judging convergence.
    internal const string V4Portable = """
        ALTER TABLE batches ADD COLUMN priority TEXT NOT NULL DEFAULT 'Normal'
            CHECK (priority IN ('Interactive', 'Normal', 'Overnight'));
        ALTER TABLE batches ADD COLUMN paused_at TEXT;
        ALTER TABLE batches ADD COLUMN until_rule TEXT;
        ALTER TABLE batches ADD COLUMN stop_reason TEXT;
        ALTER TABLE batch_checkpoints ADD COLUMN unit_estimates TEXT;
        """;

    private const string V4 = V4Portable + """

        PRAGMA user_version = 4;
        """;
}
