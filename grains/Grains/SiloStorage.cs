namespace ScenarioGrid.Grains;

/// <summary>The name under which the silo registers our SQLite grain storage.</summary>
public static class SiloStorage
{
    public const string Name = "sqlite";
}
