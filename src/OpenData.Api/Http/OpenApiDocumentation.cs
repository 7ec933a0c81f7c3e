using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using OpenData.Api.Rest;
using OpenData.Query;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OpenData.Api.Http;

/// <summary>
/// A query parameter that a handler reads itself (the filter grammar) and so does not appear in its signature;
/// declared on the endpoint so the OpenAPI document still lists it.
/// </summary>
/// <param name="Name">The parameter name as sent, e.g. <c>area_code</c> or <c>period_start__gte</c>.</param>
/// <param name="Description">What it does, in a sentence or two.</param>
/// <param name="Example">A value that works against the published data.</param>
/// <param name="Type">JSON Schema type: string, integer, number or boolean.</param>
/// <param name="Required">Whether the route refuses requests without it.</param>
public sealed record QueryParameterMetadata(string Name, string Description, string Example, string Type = "string", bool Required = false);

/// <summary>
/// A filterable field of a dataset collection, declared as the query parameter <c>field</c> (equality) with the
/// field's type, format, closed set of values and an example (the DTO property's documented example unless given);
/// the description lists the operator forms (<c>field__gte</c> and so on) the field takes.
/// </summary>
/// <param name="Name">The parameter name: the field name, or <c>field__eq</c> when the name is taken by the grammar
/// (assessment-scores' <c>total</c> field versus <c>total=true</c>).</param>
/// <param name="Field">The dataset field.</param>
/// <param name="DtoType">The row DTO, whose property documents the example.</param>
/// <param name="Example">A value that works against the published data; null to use the DTO's example.</param>
public sealed record FilterFieldMetadata(string Name, FieldInfo Field, Type DtoType, string? Example = null);

/// <summary>
/// The example of a 200 response as the route writes it. Text that is not JSON (an Atom feed, the catalogue's CSV)
/// is shown as a string with this example rather than one built from a JSON schema; a JSON body keeps its schema
/// (for documents nested deeper than the examples built from property docs reach).
/// </summary>
/// <param name="MediaType">The media type of the response content it illustrates.</param>
/// <param name="Example">The body, as the route writes it.</param>
public sealed record ResponseExampleMetadata(string MediaType, string Example);

/// <summary>
/// The OpenAPI 3 document (Swashbuckle) at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>.
/// The document is a committed contract (<c>schema/openapi.v1.json</c>); tests keep it equal to what is served,
/// complete (summary, description and example on every operation and parameter) and lint-clean.
/// </summary>
public static class OpenApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    private const string ServiceTag = "Service";

    /// <summary>
    /// Documents a parameter the handler reads itself: a query parameter of the filter grammar, or a route parameter
    /// served by a generic handler (then only its description and example are set).
    /// </summary>
    public static TBuilder WithQueryParameter<TBuilder>(this TBuilder builder, string name, string description, string example,
        string type = "string", bool required = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new QueryParameterMetadata(name, description, example, type, required));

    /// <summary>Documents the example body of a text response (see <see cref="ResponseExampleMetadata"/>).</summary>
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, string mediaType, string example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseExampleMetadata(mediaType, example));

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        // The description states this deployment's caching and rate limits, from the options it runs with.
        services.AddOptions<SwaggerGenOptions>().Configure<IOptions<CachingOptions>, IOptions<RateLimitOptions>>((options, caching, limits) =>
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "OpenData: community safety",
                Version = "v1",
                Description = ApiDescription(caching.Value, limits.Value),
                License = new OpenApiLicense
                {
                    Name = "Open Government Licence v3.0 (the data)",
                    Url = new Uri("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"),
                },
            }));
        services.AddSwaggerGen(options =>
        {
            foreach (var xml in Directory.EnumerateFiles(AppContext.BaseDirectory, "OpenData.*.xml").Order(StringComparer.Ordinal))
            {
                options.IncludeXmlComments(xml, includeControllerXmlComments: false);
            }
            options.SupportNonNullableReferenceTypes();
            options.SchemaFilter<DatasetFieldsFilter>();
            options.OperationFilter<EndpointDocumentationFilter>();
            options.DocumentFilter<DatasetRowSchemaFilter>();
            options.DocumentFilter<TagsAndExamplesFilter>();
        });
        return services;
    }

    /// <summary>Serves the document as an endpoint (so CORS, caching headers and rate limiting apply) and Swagger UI.</summary>
    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder routes)
    {
        routes.MapSwagger("/swagger/{documentName}/swagger.json").WithBodyETag();
        return routes;
    }

    public static IApplicationBuilder UseApiDocumentationUi(this IApplicationBuilder app) => app.UseSwaggerUI(options =>
    {
        options.SwaggerEndpoint(DocumentPath, "OpenData v1");
        options.RoutePrefix = "swagger";
        options.DocumentTitle = "OpenData API";
    });

    private static string ApiDescription(CachingOptions caching, RateLimitOptions limits) => string.Create(CultureInfo.InvariantCulture, $$"""
        Community-safety open data for Kensington and Chelsea: ward-level crime figures, borough priorities, police
        targets against outcomes and partnership actions, transcribed from published documents and the police's
        published extracts. Read-only, anonymous, free to use under the Open Government Licence v3.0; every row names
        its source.

        **Releases.** Data changes only when the seed data is re-imported, as a numbered data release
        (`/api/v1/releases`). Every data response names its release in `X-Data-Release`.

        **Caching.** Data responses carry a strong `ETag`, `Last-Modified` and
        `Cache-Control: {{caching.CacheControl}}`. Send
        `If-None-Match` (or `If-Modified-Since`) to revalidate: a `304 Not Modified` costs nothing against your rate limit.

        {{RateLimitDescription(limits)}}

        **Errors.** Every error is RFC 9457 problem details (`application/problem+json`) with a stable `type` URI
        per kind of error, `instance`, and `traceId` (also sent as `X-Request-Id`; quote it when reporting a problem).

        **CORS.** Any origin may read, with the headers above exposed to scripts.
        """);

    private static string RateLimitDescription(RateLimitOptions limits)
    {
        if (!limits.Enabled) return "**Rate limits.** None in this deployment.";
        var window = limits.WindowSeconds == 60 ? "minute" : string.Create(CultureInfo.InvariantCulture, $"{limits.WindowSeconds} seconds");
        var costs = limits.HeavyRequestCost == limits.ExportRequestCost
            ? string.Create(CultureInfo.InvariantCulture, $"crime-figure series, aggregates and maps, a release's change list, and a\ncollection as CSV or GeoJSON cost {limits.HeavyRequestCost}")
            : string.Create(CultureInfo.InvariantCulture, $"crime-figure series, aggregates and maps, and a release's change list cost {limits.HeavyRequestCost},\na collection as CSV or GeoJSON {limits.ExportRequestCost}");
        return string.Create(CultureInfo.InvariantCulture, $"""
            **Rate limits.** Per client address (an IPv6 client by its /64): a bucket of {limits.PermitLimit} tokens refilled at {limits.PermitLimit} per
            {window}. Most requests cost 1 token; {costs}; a GraphQL request 1 plus 1 per {limits.GraphQLCostPerToken:N0} of its estimated cost
            (deployments may configure other numbers). Responses carry `RateLimit-Limit`, `RateLimit-Remaining`,
            `RateLimit-Reset` and `RateLimit-Policy`; a `429` carries `Retry-After`.
            """);
    }

    /// <summary>
    /// The row schemas of the datasets take each property's description and example from the registry (that is,
    /// from datapackage.json, or a computed field's descriptor), so they are written once, where the import reads them.
    /// </summary>
    private sealed class DatasetFieldsFilter : ISchemaFilter
    {
        private static readonly Dictionary<Type, IDataset> ByDtoType =
            DatasetCatalog.All.Append(ReleaseChanges.Dataset).ToDictionary(d => d.DtoType);

        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (!ByDtoType.TryGetValue(context.Type, out var dataset) || schema is not OpenApiSchema target || target.Properties is null) return;
            target.Description = dataset.Description;
            foreach (var (name, property) in target.Properties)
            {
                if (dataset.FindField(name) is not { } field || property is not OpenApiSchema documented) continue;
                documented.Description = field.Description;
#pragma warning disable CS0618 // OpenAPI 3.0 writes a schema's example from the obsolete Example property
                documented.Example = field.Example is null ? null : field.Type switch
                {
                    FieldType.Integer when long.TryParse(field.Example, System.Globalization.CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
                    FieldType.Number when double.TryParse(field.Example, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                    FieldType.Boolean when bool.TryParse(field.Example, out var boolean) => JsonValue.Create(boolean),
                    _ => JsonValue.Create(field.Example),
                };
#pragma warning restore CS0618
            }
        }
    }

    /// <summary>
    /// Adds what a handler signature cannot say: query parameters read by hand, the conditional-request headers
    /// and 304 of release-cached routes, and the 406/429 problems the platform answers.
    /// </summary>
    private sealed class EndpointDocumentationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            operation.Parameters ??= [];

            var routeTemplate = context.ApiDescription.RelativePath ?? "";
            foreach (var declared in metadata.OfType<QueryParameterMetadata>())
            {
                // A parameter the document already lists (e.g. a route parameter that one generic handler serves
                // for many datasets) only gets the words and example; otherwise it is added, in the path when the
                // route template names it, else in the query.
                if (operation.Parameters.FirstOrDefault(p => p.Name == declared.Name) is OpenApiParameter existing)
                {
                    existing.Description ??= declared.Description;
                    existing.Example ??= TypedExample(declared.Example, existing.Schema?.Type);
                    continue;
                }
                var inPath = routeTemplate.Contains("{" + declared.Name + "}", StringComparison.Ordinal);
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = declared.Name,
                    In = inPath ? ParameterLocation.Path : ParameterLocation.Query,
                    Description = declared.Description,
                    Required = inPath || declared.Required,
                    Example = TypedExample(declared.Example, SchemaType(declared.Type)),
                    Schema = new OpenApiSchema { Type = SchemaType(declared.Type) },
                });
            }

            foreach (var filter in metadata.OfType<FilterFieldMetadata>())
            {
                if (operation.Parameters.Any(p => p.Name == filter.Name)) continue;
                operation.Parameters.Add(FilterParameter(filter, context));
            }

            foreach (var text in metadata.OfType<ResponseExampleMetadata>())
            {
                if (operation.Responses?.TryGetValue("200", out var response) != true || response!.Content?.TryGetValue(text.MediaType, out var content) != true
                    || content is not OpenApiMediaType media)
                {
                    continue;
                }
                if (text.MediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    // A JSON document keeps its schema; the example is the document the route would write.
                    media.Example = JsonNode.Parse(text.Example);
                    continue;
                }
                media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = $"The {text.MediaType} document as text." };
                media.Example = JsonValue.Create(text.Example);
            }

            if (metadata.OfType<ReleaseCachingMetadata>().Any())
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-None-Match",
                    In = ParameterLocation.Header,
                    Description = "The `ETag` of a response you hold: the answer is `304 Not Modified` with no body while it is still current.",
                    Example = JsonValue.Create("\"1-4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b\""),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "If-Modified-Since",
                    In = ParameterLocation.Header,
                    Description = "The `Last-Modified` of a response you hold; ignored when `If-None-Match` is sent.",
                    Example = JsonValue.Create("Sat, 22 Nov 2025 02:00:00 GMT"),
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
                operation.Responses ??= [];
                operation.Responses.TryAdd("304", new OpenApiResponse
                {
                    Description = "Not Modified: the representation you hold (named by `If-None-Match` or `If-Modified-Since`) is current.",
                });
                if (operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
                {
                    okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    AddHeader(okResponse, "ETag", "Strong validator of this representation; send it back in `If-None-Match`.", "\"1-4f9c2b7e0a1d3c5e7f9b1d3f5a7c9e1b\"");
                    AddHeader(okResponse, "Last-Modified", "When the data in this response last changed (a release's import time).", "Sat, 22 Nov 2025 02:00:00 GMT");
                    AddHeader(okResponse, ReleaseCaching.DataReleaseHeader, "Id of the data release this response was read from.", "1");
                }
            }

            if (!metadata.OfType<DisableRateLimitingAttribute>().Any())
            {
                AddProblem(operation, context, "429", "Too Many Requests: this client's rate limit is used up; see `Retry-After`.");
            }
            else if (metadata.OfType<AcceptCheckMetadata>().Any())
            {
                AddProblem(operation, context, "406", "Not Acceptable: the `Accept` header excludes `application/json`.");
            }
        }

        private static OpenApiParameter FilterParameter(FilterFieldMetadata filter, OperationFilterContext context)
        {
            var field = filter.Field;
            var schema = new OpenApiSchema
            {
                Type = field.Type switch
                {
                    FieldType.Integer => JsonSchemaType.Integer,
                    FieldType.Number => JsonSchemaType.Number,
                    FieldType.Boolean => JsonSchemaType.Boolean,
                    _ => JsonSchemaType.String,
                },
                Format = field.Type == FieldType.Date ? "date" : null,
            };
            if (field.AllowedValues is { } allowed) schema.Enum = allowed.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            var example = filter.Example ?? field.Example ?? FallbackExample(field);
            var operators = field.Operators.Where(op => op != FilterOperator.Eq).Select(op => $"`{field.Name}__{FilterTranslator.OperatorName(op)}`");
            return new OpenApiParameter
            {
                Name = filter.Name,
                In = ParameterLocation.Query,
                Description = $"Filter: rows whose `{field.Name}` equals this value. {field.Description.TrimEnd('.')}."
                    + (field.AllowedValues is null ? "" : " One of the listed values; any other is a 400.")
                    + $" Also {string.Join(", ", operators)} (see the operation description).",
                Example = TypedExample(example, schema.Type),
                Schema = schema,
            };
        }

        private static string FallbackExample(FieldInfo field) => field.AllowedValues?.FirstOrDefault() ?? field.Type switch
        {
            FieldType.Integer => "1",
            FieldType.Number => "1.5",
            FieldType.Boolean => "true",
            FieldType.Date => "2010-04-01",
            _ => "x",
        };

        private static void AddHeader(OpenApiResponse response, string name, string description, string example) =>
            response.Headers!.TryAdd(name, new OpenApiHeader
            {
                Description = description,
                Example = JsonValue.Create(example),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });

        private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
        {
            operation.Responses ??= [];
            if (operation.Responses.ContainsKey(status)) return;
            var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [Problems.MediaType] = new OpenApiMediaType { Schema = schema },
                },
            };
        }

        /// <summary>The example as a JSON value of the parameter's type, so `limit`'s example is 10, not "10".</summary>
        private static JsonNode TypedExample(string example, JsonSchemaType? type)
        {
            var invariant = System.Globalization.CultureInfo.InvariantCulture;
            if (type?.HasFlag(JsonSchemaType.Integer) == true && long.TryParse(example, invariant, out var integer)) return JsonValue.Create(integer);
            if (type?.HasFlag(JsonSchemaType.Number) == true && double.TryParse(example, invariant, out var number)) return JsonValue.Create(number);
            if (type?.HasFlag(JsonSchemaType.Boolean) == true && bool.TryParse(example, out var boolean)) return JsonValue.Create(boolean);
            return JsonValue.Create(example);
        }

        private static JsonSchemaType SchemaType(string type) => type switch
        {
            "integer" => JsonSchemaType.Integer,
            "number" => JsonSchemaType.Number,
            "boolean" => JsonSchemaType.Boolean,
            _ => JsonSchemaType.String,
        };
    }

    /// <summary>
    /// Describes every tag (datasets by their datapackage.json description) and gives every JSON response without
    /// an example one built from its schema's property examples (the XML <c>&lt;example&gt;</c> docs of the DTOs),
    /// so the examples live in one place: next to the property they illustrate.
    /// </summary>
    private sealed class TagsAndExamplesFilter : IDocumentFilter
    {
        private const int MaxDepth = 6;

        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            var descriptions = DatasetCatalog.All
                .GroupBy(d => d.Title)
                .ToDictionary(g => g.Key, g => g.First().Description, StringComparer.Ordinal);
            descriptions[ServiceTag] = "Liveness and readiness of this API instance, for probes and load balancers.";
            descriptions["Catalogue"] = "The datasets this API publishes: their fields, types, filters, sorts, formats, sources and licence.";

            var used = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var path in document.Paths.Values)
            {
                if (path.Operations is null) continue;
                foreach (var operation in path.Operations.Values)
                {
                    if (operation.Tags is not null)
                    {
                        foreach (var tag in operation.Tags) used.Add(tag.Name ?? "");
                    }
                    if (operation.Responses is null) continue;
                    foreach (var response in operation.Responses.Values)
                    {
                        if (response.Content is null) continue;
                        foreach (KeyValuePair<string, IOpenApiMediaType> entry in response.Content)
                        {
                            var (mediaType, content) = (entry.Key, entry.Value);
                            if (mediaType == "text/csv" && content is OpenApiMediaType csv && csv.Example is null && csv.Schema is not null)
                            {
                                // The body is CSV text, not the JSON document the route also produces: its own
                                // schema (a string) and an example of the columns as written.
                                csv.Example = CsvExampleOf(csv.Schema, context.SchemaRepository);
                                csv.Schema = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.String,
                                    Description = "CSV (RFC 4180, UTF-8): a header row of field names, then one line per row.",
                                };
                                continue;
                            }
                            if (mediaType == OutputFormats.GeoJson && content is OpenApiMediaType geo && GeoJsonOf(geo.Schema) is { } geoType)
                            {
                                // A collection or row asked for as GeoJSON is a FeatureCollection or a Feature, not
                                // the JSON document the route's type describes.
                                geo.Schema = context.SchemaGenerator.GenerateSchema(geoType, context.SchemaRepository);
                            }
                            if (!mediaType.Contains("json", StringComparison.Ordinal) || content is not OpenApiMediaType media
                                || media.Example is not null || media.Examples is { Count: > 0 } || media.Schema is null)
                            {
                                continue;
                            }
                            media.Example = ExampleOf(media.Schema, context.SchemaRepository, 0);
                        }
                    }
                }
            }

            // Same host as the document, wherever it is deployed; and anonymous: an empty requirement means
            // "no authentication", which is the whole security model of a public read-only API.
            document.Servers = [new OpenApiServer { Url = "/", Description = "The host serving this document" }];
            document.Security = [new OpenApiSecurityRequirement()];

            document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
            {
                Name = name,
                Description = descriptions.GetValueOrDefault(name),
            }));
        }

        private static JsonNode? ExampleOf(IOpenApiSchema schema, SchemaRepository repository, int depth)
        {
            if (depth > MaxDepth) return null;
            if (schema is OpenApiSchemaReference reference)
            {
                var id = reference.Reference.Id;
                return id is not null && repository.Schemas.TryGetValue(id, out var target)
                    ? ExampleOf(target, repository, depth + 1)
                    : null;
            }
            if (SchemaExample(schema) is { } own) return own.DeepClone();
            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array))
            {
                var item = schema.Items is null ? null : ExampleOf(schema.Items, repository, depth + 1);
                return item is null ? null : new JsonArray(item);
            }
            if (schema.Properties is { Count: > 0 } properties)
            {
                var result = new JsonObject();
                foreach (var (name, property) in properties)
                {
                    var value = ExampleOf(property, repository, depth + 1);
                    // A required property without an example still appears, so the example stays valid.
                    if (value is null && schema.Required?.Contains(name) == true) value = Placeholder(property, repository);
                    // A field empty in every published row (no example to show) is shown as null, as it is served.
                    if (value is not null || (property.Type ?? 0).HasFlag(JsonSchemaType.Null)) result[name] = value;
                }
                return result.Count > 0 ? result : null;
            }
            foreach (var part in (schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
            {
                if (ExampleOf(part, repository, depth + 1) is { } example) return example;
            }
            return null;
        }

        /// <summary>
        /// A CSV export as the collection writes it: a header of field names and the example row, built from the
        /// JSON example's first <c>data</c> row (links are not CSV columns).
        /// </summary>
        private static JsonNode? CsvExampleOf(IOpenApiSchema schema, SchemaRepository repository)
        {
            if (ExampleOf(schema, repository, 0) is not JsonObject document
                || document["data"] is not JsonArray { Count: > 0 } rows || rows[0] is not JsonObject row)
            {
                return null;
            }
            var columns = row.Where(p => p.Key != "links").ToList();
            var header = string.Join(",", columns.Select(c => RestOutput.CsvField(c.Key)));
            var values = string.Join(",", columns.Select(c => c.Value switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var text) => RestOutput.CsvField(text),
                JsonValue v => v.ToJsonString(),
                var other => RestOutput.CsvQuoted(other.ToJsonString()),
            }));
            return JsonValue.Create(header + "\r\n" + values + "\r\n");
        }

        private static JsonNode? Placeholder(IOpenApiSchema schema, SchemaRepository repository)
        {
            if (schema is OpenApiSchemaReference reference && reference.Reference.Id is { } id && repository.Schemas.TryGetValue(id, out var target))
            {
                schema = target;
            }
            var type = schema.Type ?? 0;
            if (type.HasFlag(JsonSchemaType.Object) || schema.AdditionalProperties is not null) return new JsonObject();
            if (type.HasFlag(JsonSchemaType.Array)) return new JsonArray();
            if (type.HasFlag(JsonSchemaType.String)) return JsonValue.Create("");
            if (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)) return JsonValue.Create(0);
            if (type.HasFlag(JsonSchemaType.Boolean)) return JsonValue.Create(false);
            return null;
        }

        // OpenAPI 3.0 documents serialise a schema's example as `example`; Microsoft.OpenApi 3 keeps it in the
        // obsolete Example property or, for JSON Schema 2020-12, in Examples.
        private static Type? GeoJsonOf(IOpenApiSchema? schema) => (schema as OpenApiSchemaReference)?.Reference.Id switch
        {
            { } id when id.EndsWith("CollectionDocument", StringComparison.Ordinal) => typeof(GeoJsonFeatureCollection),
            { } id when id.EndsWith("ItemDocument", StringComparison.Ordinal) => typeof(GeoJsonFeature),
            _ => null,
        };

#pragma warning disable CS0618
        private static JsonNode? SchemaExample(IOpenApiSchema schema) => schema.Example ?? schema.Examples?.FirstOrDefault();
#pragma warning restore CS0618
    }
}
