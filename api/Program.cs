using ScenarioGrid.Api.Hosting;

// ScenarioGrid API: GraphQL over HTTP at /graphql (GraphiQL there for a browser), over a silo embedded in
// this process (default: ./data/scenariogrid.db, http://127.0.0.1:5080) or an existing cluster joined as a
// client (Api:Cluster:Gateway); /health/live and /health/ready for probes. Settings: section "Api", see docs/api.md.
var builder = WebApplication.CreateBuilder(args);
builder.AddApiSettings();
builder.AddScenarioGridBackend();
builder.AddScenarioGridGraphQL();
builder.AddScenarioGridHealth();

var app = builder.Build();
app.MapScenarioGridEndpoints();
app.MapScenarioGridHealth();
app.LogWhereToFindUs();
app.Run();
