using GraphQL;
using GraphQL.Execution;
using Microsoft.Extensions.Options;
using ScenarioGrid.Api.Graph;
using ScenarioGrid.Api.Http;

namespace ScenarioGrid.Api.Hosting;

public static partial class GraphQLExtensions
{
    /// <summary>
    /// The schema (type-first, from <see cref="Query"/> and <see cref="Mutation"/>), System.Text.Json, our error
    /// masking, depth and complexity limits, and the
    /// HTTP handler and GraphiQL page.
    /// </summary>
    public static WebApplicationBuilder AddScenarioGridGraphQL(this WebApplicationBuilder builder)
    {
        builder.Services.AddGraphQL(graphql => graphql
            .AddAutoSchema<Query>(schema => schema.WithMutation<Mutation>())
            .AddSystemTextJson()
            .AddErrorInfoProvider<ApiErrorInfoProvider>()
            .AddComplexityAnalyzer((complexity, services) =>
            {
                var options = services.GetRequiredService<IOptions<ApiOptions>>().Value;
                complexity.MaxDepth = options.MaxDepth;
                complexity.MaxComplexity = options.MaxComplexity;
                // Introspection (GraphiQL's schema query) costs nothing; it still counts for depth.
                var byDefault = complexity.DefaultComplexityImpactDelegate;
                complexity.DefaultComplexityImpactDelegate = field => field.FieldDefinition.Name switch
                {
                    "__schema" or "__type" => new(0, 0),
                    "__typename" => new(0, 1),
                    _ => byDefault(field),
                };
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices!.GetRequiredService<ILoggerFactory>().CreateLogger("ScenarioGrid.Api.GraphQL");
                LogUnhandled(logger, context.Exception, context.FieldContext?.FieldDefinition.Name ?? "(request)");
            }));
        builder.Services.AddSingleton<GraphQLHttpHandler>();
        builder.Services.AddSingleton<GraphiQLPage>();
        builder.Services.AddSingleton<DashboardPage>();
        builder.Services.AddSingleton<ExportHandler>();
        builder.Services.AddSingleton<SampleHandler>();
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "GraphQL field {Field} failed; the client got INTERNAL_SERVER_ERROR")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string field);
}
