using GraphQL;
using ScenarioGrid.Grains;

namespace ScenarioGrid.Api.Services;

/// <summary>
/// The errors we raise on purpose: their message and <c>extensions.code</c> reach the client. Any other
/// exception is logged and reported as INTERNAL_SERVER_ERROR with a generic message (see ApiErrorInfoProvider).
/// </summary>
public static class ApiErrors
{
    public const string NotFoundCode = "NOT_FOUND";
    public const string BadInputCode = "BAD_INPUT";
    public const string ValidationCode = "VALIDATION";
    public const string NotReadyCode = "NOT_READY";

    public static ExecutionError NotFound(string message) => new(message) { Code = NotFoundCode };

    public static ExecutionError BadInput(string message) => new(message) { Code = BadInputCode };

    public static ExecutionError NotReady(string message) => new(message) { Code = NotReadyCode };

    /// <summary>One scenario validation error, with where it is and which rule it breaks in <c>extensions</c>.</summary>
    public static ExecutionError Validation(ScenarioError e) => new($"{e.File}:{e.Line}:{e.Column}: {(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Rule}")
    {
        Code = ValidationCode,
        Extensions = new Dictionary<string, object?>
        {
            ["file"] = e.File, ["line"] = e.Line, ["column"] = e.Column, ["path"] = e.Path, ["value"] = e.Value, ["rule"] = e.Rule,
        },
    };
}
