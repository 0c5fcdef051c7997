using System.Security.Cryptography;
using System.Text;
using ScenarioGrid.Engine.Distributions;
using ScenarioGrid.Engine.Loading;
using static ScenarioGrid.Engine.Tests.Loading.LoaderTestSupport;
using static ScenarioGrid.Engine.Tests.Loading.ValidScenarioTests;

namespace ScenarioGrid.Engine.Tests.Loading;

public class InheritanceTests
{
    /// <summary>Mini plus a second region and plant, so that merge order is visible.</summary>
    private static readonly string Parent = Mutate(
        Mutate("routes:\n", """
              KR:
                electricityUsdPerKWh: 0.1
                laborUsdPerHour: 20
                capexMultiplier: 1.1
                wacc: 0.06
                depreciationYears: 10
                fixedOpexRate: 0.04
                utilizationMax: 0.8
            routes:

            """),
        "      - {year: 2029, gwh: 10}\n", """
                  - {year: 2029, gwh: 10}
              p2:
                route: sulfide
                region: KR
                announcedSopYear: 2028
                capacity: [{year: 2028, gwh: 2}]

            """).Replace("id: mini", "id: mini\nname: Parent name\ndescription: parent");

    [Fact]
    public void Child_replaces_entries_as_a_whole_keeps_order_and_appends_new_ones()
    {
        const string child = """
            id: child
            extends: mini
            regions:
              CN: {electricityUsdPerKWh: 0.05, laborUsdPerHour: 10, capexMultiplier: 0.9, wacc: 0.08,
                   depreciationYears: 12, fixedOpexRate: 0.05, utilizationMax: 0.9}
              US: {electricityUsdPerKWh: 0.09, laborUsdPerHour: 40, capexMultiplier: 1.3, wacc: 0.07,
                   depreciationYears: 10, fixedOpexRate: 0.04, utilizationMax: 0.85, subsidyUsdPerKWh: 35}
            plants:
              p3: {route: sulfide, region: US, announcedSopYear: 2029, capacity: [{year: 2029, gwh: 5}]}
            horizon: {start: 2026, end: 2032}

            """;
        var s = Load(child, ("mini", Parent));
        Assert.Equal("child", s.Id);
        Assert.Equal("Parent name", s.Name);            // not in the child: inherited
        Assert.Equal("parent", s.Description);
        Assert.Equal(new Model.Horizon(2026, 2032), s.Horizon); // replaced as a whole
        Assert.Equal(["CN", "KR", "US"], s.Regions.Select(r => r.Id));
        var cn = s.Regions[0];
        Assert.Equal(0.05, Fixed(cn.ElectricityUsdPerKWh));  // replaced entry keeps the parent's position
        Assert.Equal(12, Fixed(cn.DepreciationYears));
        Assert.Equal(0, Fixed(cn.SubsidyUsdPerKWh));
        Assert.Equal(35, Fixed(s.Regions[2].SubsidyUsdPerKWh));
        Assert.Equal(["p1", "p2", "p3"], s.Plants.Select(p => p.Id));
        Assert.Equal(["sulfide"], s.Routes.Select(r => r.Id));
    }

    [Fact]
    public void Replacing_an_entry_does_not_merge_its_fields()
    {
        // The child's CN lacks wacc: replacing as a whole means the parent's wacc is gone.
        const string child = """
            id: child
            extends: mini
            regions:
              CN: {electricityUsdPerKWh: 0.05, laborUsdPerHour: 10, capexMultiplier: 0.9,
                   depreciationYears: 12, fixedOpexRate: 0.05, utilizationMax: 0.9}

            """;
        var errors = Errors(child, ("mini", Parent));
        Single(errors, "regions.CN.wacc", 4, 7, "missing required field 'wacc'");
        Assert.Single(errors);
    }

    [Fact]
    public void Set_on_existing_and_new_keys_in_file_order()
    {
        const string child = """
            id: child
            extends: mini
            set:
              regions.CN.wacc: {uniform: [0.05, 0.09]}
              regions.CN.subsidyUsdPerKWh: 7
              routes.sulfide.materials.electrolyte.usdPerKg: 100
              routes.sulfide.materials.electrolyte.usdPerKg: 110
              horizon.end: 2031
              plants.p9: {route: sulfide, region: KR, announcedSopYear: 2030, capacity: [{year: 2030, gwh: 1}]}
              plants.p9.capacity.0.gwh: 3

            """;
        // A duplicate set path is a duplicate key; use distinct keys for the file-order check.
        var errors = Errors(child, ("mini", Parent));
        Single(errors, "set.routes.sulfide.materials.electrolyte.usdPerKg", 7, 3, "duplicate key");

        var s = Load(child.Replace("  routes.sulfide.materials.electrolyte.usdPerKg: 100\n", ""), ("mini", Parent));
        var cn = s.Regions[0];
        Assert.Equal("{uniform: [0.05, 0.09]}", cn.Wacc.Distribution.Describe());
        Assert.Equal(7, Fixed(cn.SubsidyUsdPerKWh));
        Assert.Equal(110, Fixed(s.Routes[0].Materials[1].UsdPerKg!));
        Assert.Equal(2031, s.Horizon.End);
        Assert.Equal(2025, s.Horizon.Start);
        Assert.Equal(["p1", "p2", "p9"], s.Plants.Select(p => p.Id));
        Assert.Equal(3, Fixed(s.Plants[2].Capacity[0].Gwh));
    }

    [Fact]
    public void Later_set_entries_see_earlier_ones()
    {
        const string child = """
            id: child
            extends: mini
            set:
              plants.p1.capacity: [{year: 2026, gwh: 1}]
              plants.p1.capacity.1: {year: 2028, gwh: 4}

            """;
        var s = Load(child, ("mini", Parent));
        Assert.Equal([(2026, 1.0), (2028, 4.0)], s.Plants[0].Capacity.Select(c => (c.Year, Fixed(c.Gwh))));
    }

    [Fact]
    public void Set_into_a_capacity_list()
    {
        const string child = """
            id: child
            extends: mini
            set:
              plants.p1.capacity.1.gwh: {triangular: [5, 10, 12]}
              plants.p1.capacity.0.year: 2026

            """;
        var s = Load(child, ("mini", Parent));
        var p1 = s.Plants[0];
        Assert.Equal([2026, 2029], p1.Capacity.Select(c => c.Year));
        Assert.Equal("plants.p1.capacity.1.gwh", p1.Capacity[1].Gwh.Path);
        Assert.IsType<TriangularDistribution>(p1.Capacity[1].Gwh.Distribution);
    }

    [Fact]
    public void Set_creates_the_overrides_map_and_replaces_nested_overrides()
    {
        const string child = """
            id: child
            extends: mini
            set:
              plants.p1.overrides.yield.initial: 0.55
              plants.p2.overrides.materials.electrolyte.usdPerKg: 140

            """;
        var s = Load(child, ("mini", Parent));
        Assert.Equal(0.55, Fixed(s.Plants[0].Overrides["yield.initial"]));
        Assert.Equal("plants.p1.overrides.yield.initial", s.Plants[0].Overrides["yield.initial"].Path);
        Assert.Equal(140, Fixed(s.Plants[1].Overrides["materials.electrolyte.usdPerKg"]));

        // An existing nested override is replaced where it is written, not duplicated.
        string parent2 = Parent.Replace("    capacity: [{year: 2028, gwh: 2}]",
            "    capacity: [{year: 2028, gwh: 2}]\n    overrides: {yield: {initial: 0.5, mature: 0.95}}");
        const string child2 = """
            id: child
            extends: mini
            set:
              plants.p2.overrides.yield.initial: 0.65

            """;
        var s2 = Load(child2, ("mini", parent2));
        var o = s2.Plants[1].Overrides;
        Assert.Equal(["yield.initial", "yield.mature"], o.Keys);
        Assert.Equal(0.65, Fixed(o["yield.initial"]));
    }

    [Fact]
    public void Set_without_extends_applies_to_the_file_itself()
    {
        var s = Load(Mutate("id: mini\n", "id: mini\nset: {regions.CN.wacc: 0.05, plants.p1.sopDelayYears: 1}\n"));
        Assert.Equal(0.05, Fixed(s.Regions[0].Wacc));
        Assert.Equal(1, Fixed(s.Plants[0].SopDelayYears));
    }

    [Fact]
    public void Chains_apply_grandparent_then_parent_then_child()
    {
        const string middle = """
            id: middle
            extends: mini
            description: middle
            set: {regions.CN.wacc: 0.05, regions.KR.wacc: 0.04}

            """;
        const string child = """
            id: child
            extends: middle
            set: {regions.CN.wacc: 0.03}

            """;
        var s = Load(child, ("middle", middle), ("mini", Parent));
        Assert.Equal("child", s.Id);
        Assert.Equal("middle", s.Description);
        Assert.Equal("Parent name", s.Name);
        Assert.Equal(0.03, Fixed(s.Regions[0].Wacc));
        Assert.Equal(0.04, Fixed(s.Regions[1].Wacc));
    }

    [Fact]
    public void Errors_point_into_the_file_that_wrote_the_value()
    {
        // The parent writes a bad value the child does not touch; the set entry writes another.
        string badParent = Mutate(Parent, "    utilizationMax: 0.8\n", "    utilizationMax: 1.8\n");
        const string child = """
            id: child
            extends: mini
            set:
              regions.CN.wacc: {normal: [0.05, 0.01]}

            """;
        var errors = Errors(child, ("mini", badParent));
        Assert.True(errors.Count == 2, string.Join("\n", errors));
        Single(errors, "regions.CN.wacc", 4, 20, "the whole support must be >= 0 and < 1", "test.yaml");
        // In Parent, KR's utilizationMax is on line 29 (Mini's region block is lines 11-19, KR lines 20-28 + name/description lines 2-3).
        Single(errors, "regions.KR.utilizationMax", 29, 21, "must be > 0 and <= 1", "mini.yaml");
        Assert.Equal("test.yaml", errors[0].File); // the loaded file's errors first
    }

    [Fact]
    public void Sha256_of_a_file()
    {
        var s = Load(Mini);
        Assert.Equal(Hex(Encoding.UTF8.GetBytes(Mini)), s.Sha256);
    }

    [Fact]
    public void Sha256_of_child_then_parent_then_grandparent()
    {
        const string middle = "id: middle\nextends: mini\ndescription: middle\n";
        const string child = "id: child\nextends: middle\n";
        var s = Load(child, ("middle", middle), ("mini", Parent));
        var bytes = Encoding.UTF8.GetBytes(child).Concat(Encoding.UTF8.GetBytes(middle)).Concat(Encoding.UTF8.GetBytes(Parent)).ToArray();
        Assert.Equal(Hex(bytes), s.Sha256);
    }

    [Fact]
    public void LoadFile_finds_the_parent_by_id_in_the_same_folder_and_hashes_file_bytes()
    {
        var dir = Directory.CreateTempSubdirectory("scenario-loader-");
        try
        {
            // The parent's file name differs from its id; a BOM and CRLF line ends are part of the hashed bytes.
            byte[] parentBytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Parent.Replace("\n", "\r\n"))];
            File.WriteAllBytes(Path.Combine(dir.FullName, "base-scenario.yaml"), parentBytes);
            File.WriteAllText(Path.Combine(dir.FullName, "unrelated.yaml"), "id: unrelated\nthis is: [not valid");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "id: mini\n");
            byte[] childBytes = Encoding.UTF8.GetBytes("id: child\nextends: mini\nset: {plants.p2.sopDelayYears: 2}\n");
            string childPath = Path.Combine(dir.FullName, "child.yaml");
            File.WriteAllBytes(childPath, childBytes);

            var s = ScenarioLoader.LoadFile(childPath);
            Assert.Equal(["p1", "p2"], s.Plants.Select(p => p.Id));
            Assert.Equal(2, Fixed(s.Plants[1].SopDelayYears));
            Assert.Equal(Hex([.. childBytes, .. parentBytes]), s.Sha256);

            // Unknown parent from a file; two files with the same id.
            File.WriteAllText(childPath, "id: child\nextends: nowhere\n");
            var e = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.LoadFile(childPath)).Errors;
            Single(e, "extends", 2, 10, "unknown parent scenario 'nowhere'", childPath);

            File.WriteAllText(Path.Combine(dir.FullName, "copy.yaml"), "id: mini\n");
            File.WriteAllText(childPath, "id: child\nextends: mini\n");
            e = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.LoadFile(childPath)).Errors;
            Single(e, "extends", 2, 10, "parent scenario 'mini' is defined by several files", childPath);

            // A missing file is a validation error too.
            var missing = Path.Combine(dir.FullName, "missing.yaml");
            e = Assert.Throws<ScenarioValidationException>(() => ScenarioLoader.LoadFile(missing)).Errors;
            Single(e, "", 1, 1, "cannot read the file", missing);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
