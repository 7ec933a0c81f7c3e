using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OpenData.Query;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OpenData.Api.Http;

/// <summary>
/// A dataset's row as REST writes it, which its DTO type alone does not say: every row carries <c>links</c> (relation
/// to URL), and a JSON field (a release's <c>row_counts</c> and <c>changes</c>, a change's <c>changed_fields</c>) is written as the JSON object it
/// holds, not as the text the DTO keeps it in. A document filter, so it runs after the XML comments have given the
/// properties their examples (which it reads) and before the operations' examples are composed from them.
/// </summary>
internal sealed class DatasetRowSchemaFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var dataset in DatasetCatalog.All)
        {
            if (RowSchema(context, dataset) is { } row)
            {
                var key = ExampleOf(row.Properties![dataset.Key.Name])?.ToString();
                Describe(row, dataset, "URLs of this row (`self`) and of the rows it refers to, by relation name; a relation whose key is empty is left out.",
                    key is null ? null : new JsonObject { ["self"] = $"/api/v1/{dataset.Name}/{Uri.EscapeDataString(key)}" });
            }
        }
        // A release's change list is served like a dataset (rows with links) without being one of the catalogue's.
        if (RowSchema(context, ReleaseChanges.Dataset) is { } change)
        {
            var rowId = ExampleOf(change.Properties!["row_id"])?.ToString();
            Describe(change, ReleaseChanges.Dataset, "The release (`release`) and, unless the row was removed, the row as it is now (`row`).",
                new JsonObject { ["release"] = "/api/v1/releases/2", ["row"] = rowId is null ? null : $"/api/v1/crime-figures/{Uri.EscapeDataString(rowId)}" });
        }
    }

    private static OpenApiSchema? RowSchema(DocumentFilterContext context, IDataset dataset) =>
        context.SchemaRepository.TryLookupByType(dataset.DtoType, out var reference)
        && context.SchemaRepository.Schemas.TryGetValue(reference.Reference.Id!, out var schema)
        && schema is OpenApiSchema { Properties: not null } row
            ? row
            : null;

    private static void Describe(OpenApiSchema row, IDataset dataset, string linksDescription, JsonObject? linksExample)
    {
        foreach (var field in dataset.Fields.Where(f => f.Type == FieldType.Json))
        {
            if (!row.Properties!.TryGetValue(field.Name, out var text)) continue;
            row.Properties[field.Name] = new OpenApiSchema
            {
                // A change's changed_fields are null for added and removed rows.
                Type = field.Nullable ? JsonSchemaType.Object | JsonSchemaType.Null : JsonSchemaType.Object,
                AdditionalProperties = new OpenApiSchema(),
                Description = text.Description,
#pragma warning disable CS0618 // Example is the 3.0 keyword the document is written in (see OpenApiDocumentation)
                Example = ExampleOf(text) is JsonValue json && json.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? JsonNode.Parse(json.GetValue<string>())
                    : ExampleOf(text),
#pragma warning restore CS0618
            };
        }
        row.Properties!["links"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = linksDescription,
#pragma warning disable CS0618
            Example = linksExample,
#pragma warning restore CS0618
        };
        row.Required ??= new HashSet<string>();
        row.Required.Add("links");
    }

#pragma warning disable CS0618 // the document is OpenAPI 3.0, whose schemas have one example (see OpenApiDocumentation)
    private static JsonNode? ExampleOf(IOpenApiSchema schema) => schema.Example ?? schema.Examples?.FirstOrDefault();
#pragma warning restore CS0618
}
