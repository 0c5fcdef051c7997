using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Graph;
using ScenarioGrid.Api.Http;
using ScenarioGrid.Api.Http.WebSockets;
using ScenarioGrid.Api.Services;

namespace ScenarioGrid.Api.Hosting;

public static partial class GraphQLExtensions
{
    /// <summary>
    /// The schema (type-first, from <see cref="Query"/>, <see cref="Mutation"/> and <see cref="Subscription"/>), System.Text.Json, our error
    /// masking, depth and complexity limits, and the
    /// HTTP and WebSocket (graphql-transport-ws) handlers and GraphiQL page.
    /// </summary>
    public static WebApplicationBuilder AddScenarioGridGraphQL(this WebApplicationBuilder builder)
    {
        builder.Services.AddGraphQL(graphql => graphql
            .AddAutoSchema<Query>(schema => schema.WithMutation<Mutation>().WithSubscription<Subscription>())
            .AddSystemTextJson()
            .AddErrorInfoProvider<ApiErrorInfoProvider>()
            .AddComplexityAnalyzer((complexity, services) =>
            {
                var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
                complexity.MaxDepth = options.MaxDepth;
                complexity.MaxComplexity = options.MaxComplexity;
                // Introspection (GraphiQL's schema query) costs nothing; it still counts for depth.
                var byDefault = complexity.DefaultComplexityImpactDelegate;
                // Fields that recompute with the engine weigh what they cost (ApiOptions.RecomputeComplexity).
                complexity.DefaultComplexityImpactDelegate = field => field.FieldDefinition.Name switch
                {
                    "__schema" or "__type" => new(0, 0),
                    "__typename" => new(0, 1),
                    "compare" or "sensitivity" => new(options.RecomputeComplexity, 1),
                    "trial" => new(Math.Max(1, options.RecomputeComplexity / 20), 1),
                    _ => byDefault(field),
                };
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices!.GetRequiredService<ILoggerFactory>().CreateLogger("ScenarioGrid.Api.GraphQL");
                LogUnhandled(logger, context.Exception, context.FieldContext?.FieldDefinition.Name ?? "(request)");
            }));
        builder.Services.AddSingleton<GraphQLHttpHandler>();
        builder.Services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<GraphQLWebSocketHandler>();
        builder.Services.AddSingleton<ProgressWatcher>();
        builder.Services.AddSingleton<GraphiQLPage>();
        builder.Services.AddSingleton<DashboardPage>();
        builder.Services.AddSingleton<ExportHandler>();
        builder.Services.AddSingleton<SampleHandler>();
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL field {Field} failed; the client got INTERNAL_SERVER_ERROR")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string field);
}
