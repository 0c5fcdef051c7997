using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Dashboard;
using ScenarioGrid.Silo;

// A standalone silo. Settings come from appsettings, environment (SCENARIOGRID_Silo__SiloPort=11112) or
// arguments (--Silo:SiloPort 11112 --Silo:PrimarySiloPort 11111). See docs/cluster.md.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
var options = ValidatedOptions.Bind<SiloHostOptions>(builder.Configuration, SiloHostOptions.Section);

if (!options.Dashboard)
{
    builder.UseScenarioGridConsoleFormat().AddScenarioGridSilo(options);
    var host = builder.Build();
    host.LogWhereToFindTheSilo(options);
    await host.RunAsync();
}
else
{
    // The Orleans dashboard is a set of ASP.NET Core endpoints: only with it does the silo host run a web server.
    var web = WebApplication.CreateBuilder(args);
    web.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
    web.WebHost.UseUrls(options.DashboardUrl);
    web.UseScenarioGridConsoleFormat().AddScenarioGridSilo(options);
    var app = web.Build();
    app.MapOrleansDashboard();
    app.LogWhereToFindTheSilo(options);
    await app.RunAsync();
}

// Internal on purpose: ASP.NET Core would make a top-level Program public, and the API (which references this
// project) has its own, which its tests name.
internal partial class Program;
