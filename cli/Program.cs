using ScenarioGrid.Cli;
using ScenarioGrid.Cli.Commands;
using ScenarioGrid.Engine.Loading;

// scenariogrid: validate, run, replay and sensitivity on a scenario file. Exit codes: 0 ok, 2 invalid input, 1 failure.
// Piped output (logs, CI, tests) gets wide tables instead of Spectre's 80-column default.
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 200;

try
{
    var arguments = Arguments.Parse(args);
    return arguments.Verb switch
    {
        "validate" => ValidateCommand.Execute(arguments),
        "run" => RunCommand.Execute(arguments),
        "replay" => ReplayCommand.Execute(arguments),
        "sensitivity" => SensitivityCommand.Execute(arguments),
        "resume" => arguments.Positional.Count > 0 ? PauseCommand.Resume(arguments) : ResumeCommand.Execute(arguments),
        "pause" => PauseCommand.Pause(arguments),
        "batches" => BatchesCommand.Execute(arguments),
        "results" => arguments.String("server") is not null ? RemoteResultsCommand.Execute(arguments) : ResultsCommand.Execute(arguments),
        "submit" => RemoteSubmitCommand.Execute(arguments),
        "status" => RemoteStatusCommand.Execute(arguments),
        "watch" => RemoteWatchCommand.Execute(arguments),
        "cancel" => CancelCommand.Execute(arguments),
        "help" or "--help" or "-h" => Usage.Print(Console.Out, 0),
        _ => throw new UsageException($"unknown command '{arguments.Verb}'"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("run 'scenariogrid help' for usage");
    return ExitCodes.InvalidInput;
}
catch (ScenarioValidationException e)
{
    foreach (var error in e.Errors) Console.Error.WriteLine(error);
    Console.Error.WriteLine($"{e.Errors.Count} error(s): scenario not valid");
    return ExitCodes.InvalidInput;
}
catch (ScenarioGrid.Cli.Remote.RemoteException e)
{
    Console.Error.WriteLine($"server: {e.Message}");
    return e.IsInvalidInput ? ExitCodes.InvalidInput : ExitCodes.Failure;
}
catch (ScenarioGrid.Queries.DatabaseException e)
{
    Console.Error.WriteLine($"database error: {e.Message}");
    return ExitCodes.Failure;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled");
    return ExitCodes.Failure;
}
catch (Exception e)
{
    Console.Error.WriteLine($"failed: {e.Message}");
    return ExitCodes.Failure;
}
