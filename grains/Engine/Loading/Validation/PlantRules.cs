using System.Globalization;
using ScenarioGrid.Engine.Model;

namespace ScenarioGrid.Engine.Loading.Validation;

/// <summary>
/// Plants: one route built in one region, with its announced start of production, delay, capacity steps and
/// the route parameters it overrides (<see cref="OverrideRules"/>).
/// </summary>
internal static class PlantRules
{
    private static readonly string[] Keys =
        ["name", "route", "region", "announcedSopYear", "sopDelayYears", "capacity", "overrides", "process"];

    public static List<PlantInfo> Read(ValidationContext context, YMap root, Dictionary<string, RouteInfo> routes,
        HashSet<string> regions) =>
        context.Entries(root, "plants", "plant", (map, id, path) => ReadPlant(context, map, id, path, routes, regions));

    private static PlantInfo ReadPlant(ValidationContext context, YMap map, string id, string path,
        Dictionary<string, RouteInfo> routes, HashSet<string> regions)
    {
        context.CheckKeys(map, path, context.IsV2 ? Keys : Keys[..^1]);
        string name = context.OptionalText(map, "name", path + ".name") ?? id;
        bool ok = true;

        RouteInfo? route = null;
        string? routeId = context.RequiredText(map, "route", path + ".route");
        if (routeId is null) ok = false;
        else if (!routes.TryGetValue(routeId, out route))
        {
            ok = false;
            context.Error(map.Get("route")!, path + ".route", $"unknown route '{routeId}'");
        }
        string? regionId = context.RequiredText(map, "region", path + ".region");
        if (regionId is null) ok = false;
        else if (!regions.Contains(regionId))
        {
            ok = false;
            context.Error(map.Get("region")!, path + ".region", $"unknown region '{regionId}'");
        }

        var sop = context.Number(map, "announcedSopYear", path + ".announcedSopYear", Bounds.Year, fixedOnly: true, wholeYear: true);
        var delay = context.Number(map, "sopDelayYears", path + ".sopDelayYears", Bounds.NonNegative, defaultValue: 0);
        var capacity = ReadCapacity(context, map, path);
        ProcessChain? chain = null;
        if (context.IsV2 && route is not null)
        {
            chain = ProcessRules.ReadChain(context, map, path,
                new ProcessRules.StepScope(route.Materials.Keys.ToArray(), AllowReadyYear: true, AllowLearningRate: false), out bool chainOk);
            ok &= chainOk;
        }
        var overrides = OverrideRules.Read(context, map, path, id, route, ownChain: map.Get("process") is not null);

        if (!ok || sop is null || delay is null || capacity is null || overrides is null) return new PlantInfo(id, null);
        return new PlantInfo(id, new Plant(
            Id: id,
            Name: name,
            RouteId: routeId!,
            RegionId: regionId!,
            AnnouncedSopYear: (int)sop.Fixed,
            SopDelayYears: delay.Parameter,
            Capacity: capacity,
            Overrides: overrides) { Process = chain });
    }

    /// <summary>Capacity steps [{year, gwh}, …] with strictly increasing years.</summary>
    private static List<CapacityStep>? ReadCapacity(ValidationContext context, YMap map, string path)
    {
        string cpath = path + ".capacity";
        var node = map.Get("capacity");
        if (node is null)
        {
            context.Missing(map, "capacity", cpath, "a plant needs a non-empty capacity list [{year, gwh}, …]");
            return null;
        }
        if (ValidationContext.IsInvalid(node)) return null;
        if (node is not YSeq seq || seq.Items.Count == 0)
        {
            context.Error(node, cpath, $"capacity must be a non-empty list of {{year, gwh}} entries, got {ValidationContext.Describe(node)}");
            return null;
        }
        var steps = new List<CapacityStep>();
        bool ok = true;
        FieldValue? previous = null;
        for (int i = 0; i < seq.Items.Count; i++)
        {
            string ipath = cpath + "." + i.ToString(CultureInfo.InvariantCulture);
            if (context.AsMap(seq.Items[i], ipath) is not { } entry) { ok = false; previous = null; continue; }
            context.CheckKeys(entry, ipath, ["year", "gwh"]);
            var year = context.Number(entry, "year", ipath + ".year", Bounds.Year, fixedOnly: true, wholeYear: true);
            var gwh = context.Number(entry, "gwh", ipath + ".gwh", Bounds.NonNegative);
            if (year is not null && previous is not null && !(year.Fixed > previous.Fixed))
            {
                context.Error(year.Node, ipath + ".year",
                    $"capacity years must be strictly increasing (the previous entry is {NumberText.Format(previous.Fixed)})");
                ok = false;
            }
            if (year is null || gwh is null) { ok = false; previous = year ?? previous; continue; }
            previous = year;
            steps.Add(new CapacityStep(Year: (int)year.Fixed, Gwh: gwh.Parameter));
        }
        return ok ? steps : null;
    }
}
