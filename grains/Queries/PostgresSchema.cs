namespace ScenarioGrid.Queries;

/// <summary>
/// The same schema as <see cref="Schema"/>, in PostgreSQL's types, versioned in the one-row table
/// <c>schema_version</c>. PostgreSQL support began at version <see cref="BaselineVersion"/>: a new database gets
/// <see cref="Baseline"/> (the result of SQLite's scripts V1–V3, not their history), then
/// <see cref="Migrations"/>[i], which takes it from version BaselineVersion + i to BaselineVersion + i + 1.
/// Each runs in one transaction under an advisory lock (<c>Providers.PostgresProvider</c>), so it runs once even
/// when several hosts start together, and DDL being transactional in PostgreSQL, a failure leaves the previous
/// version intact. Never edit a shipped script: append, as for SQLite, and keep both lists at <see cref="Schema.Version"/>.
/// </summary>
/// <remarks>
/// Types: SQLite's INTEGER (64-bit) is BIGINT, but INTEGER where the code reads an <c>int</c> (years, milestone
/// years, positions); REAL is DOUBLE PRECISION (PostgreSQL's REAL is 32-bit); BLOB is BYTEA; flags stay
/// INTEGER 0/1 with a CHECK, as in SQLite, so one parameter binding serves both.
/// </remarks>
internal static class PostgresSchema
{
    public const int BaselineVersion = 3;

    // Version 4 (the fair queue, stop-when-converged) is portable SQL: the same script as SQLite's, without its version stamp.
    public static IReadOnlyList<string> Migrations { get; } = [Schema.V4Portable];

    public const string Baseline = """
        CREATE TABLE scenarios (
            sha256      TEXT NOT NULL PRIMARY KEY,
            id          TEXT NOT NULL,
            name        TEXT NOT NULL,
            yaml        TEXT NOT NULL,
            file_name   TEXT NOT NULL,
            created_at  TEXT NOT NULL
        );
        CREATE INDEX scenarios_by_id ON scenarios (id, created_at);

        CREATE TABLE scenario_ancestors (
            sha256      TEXT NOT NULL REFERENCES scenarios (sha256) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            file_name   TEXT NOT NULL,
            yaml        TEXT NOT NULL,
            PRIMARY KEY (sha256, position)
        );

        CREATE TABLE batches (
            id                TEXT NOT NULL PRIMARY KEY,
            scenario_id       TEXT NOT NULL,
            scenario_sha256   TEXT NOT NULL REFERENCES scenarios (sha256),
            seed              BIGINT NOT NULL,
            trials            BIGINT NOT NULL,
            chunk_size        BIGINT NOT NULL,
            unit_count        BIGINT NOT NULL,
            status            TEXT NOT NULL
                              CHECK (status IN ('Queued', 'Running', 'Completed', 'Failed', 'Cancelled')),
            trials_done       BIGINT NOT NULL DEFAULT 0,
            created_at        TEXT NOT NULL,
            started_at        TEXT,
            finished_at       TEXT,
            error             TEXT,
            model_version     TEXT NOT NULL,
            software_version  TEXT NOT NULL,
            unit_trials       BIGINT NOT NULL DEFAULT 0,
            version           BIGINT NOT NULL DEFAULT 0,
            strategy          TEXT,
            strategy_set      INTEGER NOT NULL DEFAULT 0 CHECK (strategy_set IN (0, 1))
        );
        CREATE INDEX batches_by_created ON batches (created_at, id);
        CREATE INDEX batches_by_status ON batches (status, created_at, id);
        CREATE INDEX batches_by_scenario ON batches (scenario_id, created_at, id);

        CREATE TABLE batch_checkpoints (
            batch_id     TEXT NOT NULL PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
            partial      BYTEA NOT NULL,
            done_units   BYTEA NOT NULL,
            trials_done  BIGINT NOT NULL,
            updated_at   TEXT NOT NULL
        );

        CREATE TABLE unit_runs (
            batch_id     TEXT NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
            unit_index   BIGINT NOT NULL,
            silo         TEXT NOT NULL,
            trials       BIGINT NOT NULL,
            seconds      DOUBLE PRECISION NOT NULL,
            PRIMARY KEY (batch_id, unit_index)
        );

        CREATE TABLE result_documents (
            batch_id                  TEXT NOT NULL PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
            scenario                  TEXT NOT NULL,
            seed                      BIGINT NOT NULL,
            trials                    BIGINT NOT NULL,
            model_version             TEXT NOT NULL,
            years                     TEXT NOT NULL,
            scenario_sha256           TEXT NOT NULL,
            software_version          TEXT NOT NULL,
            provenance_seed           BIGINT NOT NULL,
            provenance_trials         BIGINT NOT NULL,
            provenance_model_version  TEXT NOT NULL,
            strategy                  TEXT,
            has_steps                 INTEGER NOT NULL DEFAULT 0 CHECK (has_steps IN (0, 1)),
            is_set                    INTEGER NOT NULL DEFAULT 0 CHECK (is_set IN (0, 1))
        );

        CREATE TABLE result_members (
            batch_id  TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            position  INTEGER NOT NULL,
            strategy  TEXT NOT NULL,
            PRIMARY KEY (batch_id, position)
        );

        -- special_values: see Schema.V1 (the same bits, though PostgreSQL could store NaN and -0.0 itself).
        CREATE TABLE series (
            batch_id        TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq             BIGINT NOT NULL,
            entity          TEXT NOT NULL,
            metric          TEXT NOT NULL,
            year            INTEGER NOT NULL,
            count           BIGINT NOT NULL,
            mean            DOUBLE PRECISION,
            std_dev         DOUBLE PRECISION,
            min             DOUBLE PRECISION,
            max             DOUBLE PRECISION,
            p5              DOUBLE PRECISION,
            p10             DOUBLE PRECISION,
            p25             DOUBLE PRECISION,
            p50             DOUBLE PRECISION,
            p75             DOUBLE PRECISION,
            p90             DOUBLE PRECISION,
            p95             DOUBLE PRECISION,
            special_values  BIGINT NOT NULL DEFAULT 0,
            member          TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX series_by_entity_metric ON series (batch_id, member, entity, metric, seq);
        CREATE INDEX series_by_metric ON series (batch_id, member, metric, seq);
        CREATE INDEX series_by_member ON series (batch_id, member, seq);

        CREATE TABLE milestones (
            batch_id            TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                 BIGINT NOT NULL,
            entity              TEXT NOT NULL,
            milestone           TEXT NOT NULL,
            probability_by_end  DOUBLE PRECISION,
            p10                 INTEGER,
            p50                 INTEGER,
            p90                 INTEGER,
            special_values      BIGINT NOT NULL DEFAULT 0,
            member              TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX milestones_by_entity ON milestones (batch_id, member, entity, seq);

        CREATE TABLE milestone_years (
            batch_id        TEXT NOT NULL,
            milestone_seq   BIGINT NOT NULL,
            position        INTEGER NOT NULL,
            year            INTEGER NOT NULL,
            probability     DOUBLE PRECISION,
            special_values  BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, milestone_seq, position),
            FOREIGN KEY (batch_id, milestone_seq) REFERENCES milestones (batch_id, seq) ON DELETE CASCADE
        );

        CREATE TABLE comparisons (
            batch_id                   TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                        BIGINT NOT NULL,
            a                          TEXT NOT NULL,
            b                          TEXT NOT NULL,
            metric                     TEXT NOT NULL,
            year                       INTEGER NOT NULL,
            count                      BIGINT NOT NULL,
            probability_a_less_than_b  DOUBLE PRECISION,
            delta_mean                 DOUBLE PRECISION,
            delta_p10                  DOUBLE PRECISION,
            delta_p50                  DOUBLE PRECISION,
            delta_p90                  DOUBLE PRECISION,
            special_values             BIGINT NOT NULL DEFAULT 0,
            member                     TEXT NOT NULL DEFAULT '',
            step                       TEXT,
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX comparisons_by_a ON comparisons (batch_id, member, a, seq);

        CREATE TABLE steps (
            batch_id        TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq             BIGINT NOT NULL,
            member          TEXT NOT NULL DEFAULT '',
            entity          TEXT NOT NULL,
            step            TEXT NOT NULL,
            metric          TEXT NOT NULL,
            year            INTEGER NOT NULL,
            count           BIGINT NOT NULL,
            mean            DOUBLE PRECISION,
            std_dev         DOUBLE PRECISION,
            min             DOUBLE PRECISION,
            max             DOUBLE PRECISION,
            p5              DOUBLE PRECISION,
            p10             DOUBLE PRECISION,
            p25             DOUBLE PRECISION,
            p50             DOUBLE PRECISION,
            p75             DOUBLE PRECISION,
            p90             DOUBLE PRECISION,
            p95             DOUBLE PRECISION,
            special_values  BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        CREATE INDEX steps_by_entity ON steps (batch_id, member, entity, seq);
        CREATE INDEX steps_by_member ON steps (batch_id, member, seq);

        CREATE TABLE strategy_comparisons (
            batch_id                   TEXT NOT NULL REFERENCES result_documents (batch_id) ON DELETE CASCADE,
            seq                        BIGINT NOT NULL,
            a                          TEXT NOT NULL,
            b                          TEXT NOT NULL,
            entity                     TEXT NOT NULL,
            metric                     TEXT NOT NULL,
            step                       TEXT,
            year                       INTEGER NOT NULL,
            count                      BIGINT NOT NULL,
            probability_a_less_than_b  DOUBLE PRECISION,
            delta_mean                 DOUBLE PRECISION,
            delta_p10                  DOUBLE PRECISION,
            delta_p50                  DOUBLE PRECISION,
            delta_p90                  DOUBLE PRECISION,
            special_values             BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (batch_id, seq)
        );
        """;
}
