namespace ScenarioGrid.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
}
