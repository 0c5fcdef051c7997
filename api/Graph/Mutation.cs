using System.ComponentModel;
using GraphQL;
using ScenarioGrid.Api.Services;

namespace ScenarioGrid.Api.Graph;

/// <summary>The root mutation type. When Api:ApiKey is set, every mutation needs the X-Api-Key header.</summary>
public sealed class Mutation
{
    [Description("Validates a scenario (YAML text; `extends` names a stored scenario id) and stores it. Invalid: null, and one VALIDATION error per problem (extensions: file, line, column, path, value, rule).")]
    public static async Task<Scenario?> CreateScenario(IResolveFieldContext context, [FromServices] ScenarioService scenarios, string yaml,
        [Description("Named in error positions and stored with the text; default scenario.yaml.")] string? fileName = null)
    {
        var (stored, errors) = await scenarios.Create(yaml, fileName);
        foreach (var error in errors)
        {
            var graphError = ApiErrors.Validation(error);
            graphError.AddLocation(context.FieldAst, context.Document);
            graphError.Path = context.ResponsePath;
            context.Errors.Add(graphError);
        }
        return stored is null ? null : new Scenario(stored);
    }

    [Description("Starts a batch of the newest stored version of a scenario: `trials` trials from `seed` (0 ≤ seed < 2^53). Model v2: `strategy` runs that one member of the file's strategy set (base: the file itself); `strategySet: true` runs every member in one batch (common random numbers), with `members` and `strategyComparisons` filled. `priority` orders it in the queue and on the cores (default NORMAL; docs/scheduling.md); `until` stops it once the named statistics converged (docs/convergence.md): the answer is then QUEUED or RUNNING, and a batch beyond the running limit waits QUEUED.")]
    public static async Task<Batch?> SubmitBatch([FromServices] ScenarioService scenarios, [FromServices] BatchService batches,
        CancellationToken cancellationToken, [Id] string scenarioId, long trials, long seed,
        int chunkSize = Grains.BatchRequest.DefaultChunkSize, string? strategy = null, bool? strategySet = null,
        Grains.BatchPriority? priority = null, UntilInput? until = null)
    {
        var scenario = scenarios.Latest(scenarioId) ?? throw ApiErrors.NotFound($"no scenario '{scenarioId}' (createScenario first)");
        return new Batch(await batches.Submit(scenario, trials, seed, chunkSize, cancellationToken, strategy, strategySet ?? false,
            priority ?? Grains.BatchPriority.Normal, until?.ToUntil()));
    }

    [Description("Holds a QUEUED or RUNNING batch: it becomes PAUSED with its progress checkpointed, its units in flight are dropped and its running place goes to the next queued batch; it stays PAUSED through restarts until resumeBatch. Other batches are left as they are.")]
    public static async Task<Batch?> PauseBatch([FromServices] BatchService batches, CancellationToken cancellationToken, [Id] string id)
    {
        var batch = batches.Get(id) ?? throw ApiErrors.NotFound($"no batch '{id}'");
        await batches.Pause(batch, cancellationToken);
        return new Batch(batches.Get(id) ?? batch);
    }

    [Description("Puts a PAUSED batch back in the queue (QUEUED); it continues from its checkpoint when the queue admits it. Other batches are left as they are.")]
    public static async Task<Batch?> ResumeBatch([FromServices] BatchService batches, CancellationToken cancellationToken, [Id] string id)
    {
        var batch = batches.Get(id) ?? throw ApiErrors.NotFound($"no batch '{id}'");
        await batches.Unpause(batch, cancellationToken);
        return new Batch(batches.Get(id) ?? batch);
    }

    [Description("Stops an unfinished batch for good (it ends CANCELLED after the work units in flight), a queued or paused one too; a finished batch is left as it is.")]
    public static async Task<Batch?> CancelBatch([FromServices] BatchService batches, CancellationToken cancellationToken, [Id] string id)
    {
        var batch = batches.Get(id) ?? throw ApiErrors.NotFound($"no batch '{id}'");
        await batches.Cancel(batch, cancellationToken);
        return new Batch(batches.Get(id) ?? batch);
    }
}
