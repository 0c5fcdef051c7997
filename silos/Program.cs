using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ScenarioGrid.Silo;

// A standalone silo. Settings come from appsettings, environment (SCENARIOGRID_Silo__SiloPort=11112) or
// arguments (--Silo:SiloPort 11112 --Silo:PrimarySiloPort 11111). See docs/cluster.md.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
builder.AddScenarioGridSilo(ValidatedOptions.Bind<SiloHostOptions>(builder.Configuration, SiloHostOptions.Section));
await builder.Build().RunAsync();
