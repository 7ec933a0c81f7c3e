using System.Text.Json;
using OpenData.Api.Hosting;
using OpenData.Api.Http;
using OpenData.Api.GraphQL;
using OpenData.Api.Rest;
using OpenData.Api.Site;
using OpenData.Query;

var builder = WebApplication.CreateBuilder(args);
// Kestrel:Limits from configuration (appsettings.json raises the request line to 16 kB for long filter lists);
// Kestrel only reads endpoints and certificates from that section by itself.
builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));

builder.Services.AddOpenDataStore();
builder.Services.AddQueryLayer();
builder.Services.AddOpenDataGraphQL();
// Public JSON is snake_case, like the CSV headers and the field names of seed-data/datapackage.json.
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    o.SerializerOptions.Converters.Add(new OpenData.Api.Rest.RestOutput.InstantConverter());
});

builder.Services.AddTrustedProxies();
builder.Services.AddApiProblemDetails();
builder.Services.AddSecurityHeaders();
builder.Services.AddPublicCors();
builder.Services.AddApiCompression();
builder.Services.AddReleaseCaching();
builder.Services.AddRestResponseCache(); // repeated JSON answers from memory until the next data release
builder.Services.AddApiRateLimiting();
builder.Services.AddAdmission();          // the concurrency limit and time limit of heavy work
builder.Services.AddApiDocumentation();
builder.Services.AddReleaseFeed();
builder.Services.AddDcatCatalog();

var app = builder.Build();

await app.BuildStoreIfStaleAsync();

// The order is the design: each step says why it stands where it does.
app.UseForwardedHeaders();   // the real client address (rate-limit key) and scheme (HSTS), from trusted proxies only
app.UseRequestIds();         // first of ours, so every log line and problem after it carries the request id
app.UseSecurityHeaders();    // on response start, so they survive the exception handler clearing headers
app.UseExceptionHandler();   // unhandled exceptions -> 500 problem details; never a stack trace, in any environment
app.UseStatusCodePages();    // bodiless 4xx/5xx (routing's 404/405, Kestrel's 413/414) -> problem details (a site page's: a page)
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseResponseCompression();
app.UseHeadAsGet();          // before routing, so HEAD finds every GET endpoint
app.UseApiDocumentationUi(); // Swagger UI's static files: not endpoints, not rate limited
app.UseSiteAssets();         // the site's stylesheet and scripts, likewise
app.UseRouting();
app.UseCors();               // preflights answered here, before they could count against a rate limit
app.UseReleaseCaching();     // 304 revalidations answered before the rate limiter: they are free
app.UseApiRateLimiting();     // each request spends its cost (endpoint metadata) from its client's token bucket
app.UseBodyETags();          // after the limiter: a body-hash 304 still runs the endpoint
app.UseMediaTypeChecks();    // 406/415 before a handler runs
app.UseAdmission();          // last: heavy endpoints' time limit covers only their own work, not the steps above

app.MapHealthEndpoints();
app.MapApiDocumentation();
app.MapRestApi().WithReleaseCaching();
app.MapOpenDataGraphQL();
app.MapSite();

app.Run();
