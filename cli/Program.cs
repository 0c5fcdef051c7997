using ScenarioGrid.Cli;
using ScenarioGrid.Cli.Commands;
using ScenarioGrid.Engine.Loading;

// scenariogrid: validate, run, replay and sensitivity on a scenario file. Exit codes: 0 ok, 2 invalid input, 1 failure.
try
{
    var arguments = Arguments.Parse(args);
    return arguments.Verb switch
    {
        "validate" => ValidateCommand.Execute(arguments),
        "run" => RunCommand.Execute(arguments),
        "replay" => ReplayCommand.Execute(arguments),
        "sensitivity" => SensitivityCommand.Execute(arguments),
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
