namespace ScenarioGrid.Persistence;

/// <summary>One scenario file as it was read: its name (as <c>extends</c> refers to it) and its text.</summary>
public sealed record ScenarioSource(string FileName, string Yaml);
