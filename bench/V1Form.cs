using YamlDotNet.RepresentationModel;
using ScenarioGrid.Engine.Loading;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Bench;

/// <summary>
/// The same world without its model-v2 blocks (route and plant <c>process</c>, <c>options</c>, <c>strategies</c>,
/// <c>strategyComparisons</c>, step comparisons): what the issue compares the v2 baseline's speed with. The file is
/// read as YAML, the blocks are dropped, and the rest is loaded as a v1 scenario; a file with <c>extends</c> is refused.
/// </summary>
internal static class V1Form
{
    public static Scenario Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (root.Children.ContainsKey("extends")) throw new ArgumentException($"{path} extends another file; give the v2 file itself");
        foreach (var key in new[] { "options", "strategies", "strategyComparisons" }) root.Children.Remove(new YamlScalarNode(key));
        foreach (var block in new[] { "routes", "plants" })
            if (root.Children.TryGetValue(new YamlScalarNode(block), out var entries) && entries is YamlMappingNode map)
                foreach (var entry in map.Children.Values.OfType<YamlMappingNode>()) entry.Children.Remove(new YamlScalarNode("process"));
        if (root.Children.TryGetValue(new YamlScalarNode("comparisons"), out var comparisons) && comparisons is YamlSequenceNode list)
            foreach (var c in list.Children.OfType<YamlMappingNode>().Where(c => c.Children.ContainsKey("step")).ToList()) list.Children.Remove(c);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var scenario = ScenarioLoader.Load(writer.ToString(), Path.GetFileName(path) + " (v1 form)", _ => null);
        if (scenario.IsV2) throw new InvalidOperationException("the v1 form still has v2 blocks");
        return scenario;
    }
}
