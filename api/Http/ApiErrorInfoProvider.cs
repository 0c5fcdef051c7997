using GraphQL;
using GraphQL.Execution;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// How errors are serialized: message and <c>extensions.code</c> (plus the extensions our own errors carry),
/// never stack traces nor inner exception types. An unexpected exception is only "internal error" with code
/// INTERNAL_SERVER_ERROR; it is logged on the server (see GraphQLExtensions).
/// </summary>
public sealed class ApiErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeCodes = false,
    ExposeData = false,
    ExposeExceptionDetails = false,
})
{
    public const string InternalCode = "INTERNAL_SERVER_ERROR";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        if (executionError is UnhandledError)
            return new ErrorInfo
            {
                Message = executionError.Message + " (internal error; the server logged it)",
                Extensions = new Dictionary<string, object?> { ["code"] = InternalCode },
            };
        var info = base.GetInfo(executionError);
        info.Extensions ??= new Dictionary<string, object?>();
        info.Extensions.TryAdd("code", "GRAPHQL_ERROR");
        return info;
    }
}
