using System.Buffers;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using OpenData.GraphQL.Execution;
using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP (graphql-over-http draft spec, checked with the graphql-http audits):
/// <list type="bullet">
/// <item>POST with <c>Content-Type: application/json</c> (utf-8) and GET with <c>query</c>, <c>operationName</c>,
/// <c>variables</c> and <c>extensions</c> URL parameters; other methods get 405, other POST media types 415.</item>
/// <item>Response media type from the Accept header, first acceptable entry wins: application/graphql-response+json,
/// or application/json for application/json, application/* and */*; no Accept header means application/json
/// (legacy clients, as graphql-http's reference handler does); nothing acceptable gives 406.</item>
/// <item>Status: 200 when the result has "data"; for request errors (parse, validation, variables, limits)
/// 400 with application/graphql-response+json and 200 with application/json; malformed HTTP requests 400;
/// mutations over GET 405 with <c>Allow: POST</c>.</item>
/// <item>GET with Accept text/html and no query serves GraphiQL.</item>
/// </list>
/// </summary>
internal sealed class GraphQLHttpHandler(GraphQLEngine engine, GraphQLHttpOptions options)
{
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string ApplicationJson = "application/json";

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        bool isGet = HttpMethods.IsGet(request.Method);
        if (!(isGet && options.EnableGetRequests) && !HttpMethods.IsPost(request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = options.EnableGetRequests ? "GET, POST" : "POST";
            return;
        }

        if (isGet && options.EnableGraphiQL && !request.Query.ContainsKey("query") && AcceptsHtml(request.Headers.Accept))
        {
            await ServeGraphiQL(http);
            return;
        }

        var mediaType = NegotiateMediaType(request.Headers.Accept);
        if (mediaType is null)
        {
            http.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            http.Response.Headers.Accept = "application/graphql-response+json; charset=utf-8, application/json; charset=utf-8";
            return;
        }
        http.Response.Headers.Vary = "Accept";

        GraphQLRequest graphQLRequest;
        if (isGet)
        {
            var (parsed, error) = ReadGetRequest(request);
            if (error is not null)
            {
                await WriteErrors(http, mediaType, StatusCodes.Status400BadRequest, error);
                return;
            }
            graphQLRequest = parsed!;
            // Mutations change state and must not run on GET (which may be cached, prefetched or replayed).
            if (engine.GetOperationType(graphQLRequest.Query!, graphQLRequest.OperationName) is OperationType operationType && operationType != OperationType.Query)
            {
                http.Response.Headers.Allow = "POST";
                await WriteErrors(http, mediaType, StatusCodes.Status405MethodNotAllowed,
                    $"Cannot perform {Printer.OperationName(operationType)} operations over GET.");
                return;
            }
        }
        else
        {
            if (!IsJsonContentType(request.ContentType))
            {
                http.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                return;
            }
            var (parsed, status, error) = await ReadPostRequest(request, http.RequestAborted);
            if (error is not null)
            {
                await WriteErrors(http, mediaType, status, error);
                return;
            }
            graphQLRequest = parsed!;
        }

        var executionOptions = options.ExecutionOptionsFactory?.Invoke(http) ?? new ExecutionOptions
        {
            RequestServices = http.RequestServices,
            CancellationToken = http.RequestAborted,
            UserContext = options.UserContextFactory is null ? http : options.UserContextFactory(http),
        };
        GraphQLAdmission admission = default;
        if (options.Admit is { } admit)
        {
            executionOptions = new ExecutionOptions
            {
                RequestServices = executionOptions.RequestServices,
                RootValue = executionOptions.RootValue,
                UserContext = executionOptions.UserContext,
                Items = executionOptions.Items,
                CancellationToken = executionOptions.CancellationToken,
                Admit = async (cost, cancellationToken) =>
                {
                    admission = await admit(http, cost, cancellationToken);
                    return admission.Rejection is null;
                },
            };
        }
        try
        {
            var result = await engine.ExecuteAsync(graphQLRequest, executionOptions);
            if (result.RequestError == RequestErrorKind.NotAdmitted && admission.Rejection is { } rejection)
            {
                await rejection.ExecuteAsync(http);
                return;
            }

            int statusCode = result.HasData || mediaType == ApplicationJson ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            await WriteResult(http, mediaType, statusCode, result);
        }
        finally
        {
            // The lease covers execution and writing the response: that is the work (and memory) it admits.
            admission.Lease?.Dispose();
        }
    }

    private static bool AcceptsHtml(StringValues accept)
    {
        foreach (var value in accept)
        {
            if (value is not null && value.Contains("text/html", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Picks the response media type; null when nothing acceptable (406).</summary>
    internal static string? NegotiateMediaType(StringValues acceptHeader)
    {
        var accept = acceptHeader.Count == 0 ? "*/*" : string.Join(',', acceptHeader.ToArray());
        if (string.IsNullOrWhiteSpace(accept)) accept = "*/*";
        foreach (var entry in accept.Split(','))
        {
            var parts = entry.Replace(" ", "").ToLowerInvariant().Split(';');
            var type = parts[0];
            var charset = parts.Skip(1).FirstOrDefault(p => p.StartsWith("charset=", StringComparison.Ordinal)) ?? "charset=utf-8";
            bool utf8 = charset is "charset=utf-8" or "charset=utf8";
            if (type == GraphQLResponseJson && utf8) return GraphQLResponseJson;
            if (type is ApplicationJson or "application/*" or "*/*" && utf8) return ApplicationJson;
        }
        return null;
    }

    private static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return false;
        var parts = contentType.Replace(" ", "").ToLowerInvariant().Split(';');
        if (parts[0] != ApplicationJson) return false;
        var charset = parts.Skip(1).FirstOrDefault(p => p.StartsWith("charset=", StringComparison.Ordinal));
        return charset is null or "charset=utf-8" or "charset=utf8";
    }

    private static (GraphQLRequest? Request, string? Error) ReadGetRequest(HttpRequest request)
    {
        var query = request.Query;
        if (!query.TryGetValue("query", out var q) || StringValues.IsNullOrEmpty(q)) return (null, "Missing query parameter.");
        IReadOnlyDictionary<string, object?>? variables = null;
        IReadOnlyDictionary<string, object?>? extensions = null;
        if (query.TryGetValue("variables", out var v) && !StringValues.IsNullOrEmpty(v))
        {
            if (!TryParseJsonObject(v.ToString(), out variables)) return (null, "The variables parameter must be a JSON object.");
        }
        if (query.TryGetValue("extensions", out var e) && !StringValues.IsNullOrEmpty(e))
        {
            if (!TryParseJsonObject(e.ToString(), out extensions)) return (null, "The extensions parameter must be a JSON object.");
        }
        string? operationName = query.TryGetValue("operationName", out var op) && !StringValues.IsNullOrEmpty(op) ? op.ToString() : null;
        return (new GraphQLRequest { Query = q.ToString(), OperationName = operationName, Variables = variables, Extensions = extensions }, null);
    }

    private static bool TryParseJsonObject(string text, out IReadOnlyDictionary<string, object?>? value)
    {
        value = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Null) return true;
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return false;
            value = JsonInput.ToDictionary(doc.RootElement);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<(GraphQLRequest? Request, int Status, string? Error)> ReadPostRequest(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > options.MaxRequestBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {options.MaxRequestBodyBytes} bytes.");
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            int read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > options.MaxRequestBodyBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {options.MaxRequestBodyBytes} bytes.");
            }
        }
        if (buffer.WrittenCount == 0) return (null, StatusCodes.Status400BadRequest, "The request body is missing.");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.WrittenMemory);
        }
        catch (JsonException)
        {
            return (null, StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, StatusCodes.Status400BadRequest, "The request body must be a JSON object.");

            string? query = null;
            if (root.TryGetProperty("query", out var q) && q.ValueKind != JsonValueKind.Null)
            {
                if (q.ValueKind != JsonValueKind.String) return (null, StatusCodes.Status400BadRequest, "The query parameter must be a string.");
                query = q.GetString();
            }
            if (string.IsNullOrEmpty(query)) return (null, StatusCodes.Status400BadRequest, "Missing query parameter.");

            string? operationName = null;
            if (root.TryGetProperty("operationName", out var op) && op.ValueKind != JsonValueKind.Null)
            {
                if (op.ValueKind != JsonValueKind.String) return (null, StatusCodes.Status400BadRequest, "The operationName parameter must be a string.");
                operationName = op.GetString();
            }

            IReadOnlyDictionary<string, object?>? variables = null;
            if (root.TryGetProperty("variables", out var v) && v.ValueKind != JsonValueKind.Null)
            {
                if (v.ValueKind != JsonValueKind.Object) return (null, StatusCodes.Status400BadRequest, "The variables parameter must be a JSON object.");
                variables = JsonInput.ToDictionary(v);
            }

            IReadOnlyDictionary<string, object?>? extensions = null;
            if (root.TryGetProperty("extensions", out var e) && e.ValueKind != JsonValueKind.Null)
            {
                if (e.ValueKind != JsonValueKind.Object) return (null, StatusCodes.Status400BadRequest, "The extensions parameter must be a JSON object.");
                extensions = JsonInput.ToDictionary(e);
            }

            return (new GraphQLRequest { Query = query, OperationName = operationName, Variables = variables, Extensions = extensions }, 200, null);
        }
    }

    private static async Task WriteErrors(HttpContext http, string mediaType, int status, string message)
    {
        var result = ExecutionResult.FromRequestError(RequestErrorKind.BadRequest, new GraphQLError(message, code: ErrorCodes.BadRequest));
        await WriteResult(http, mediaType, status, result);
    }

    private static async Task WriteResult(HttpContext http, string mediaType, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        var bodyWriter = http.Response.BodyWriter;
        await using (var writer = new Utf8JsonWriter(bodyWriter, ExecutionResult.JsonWriterOptions))
        {
            result.WriteTo(writer);
        }
        await bodyWriter.FlushAsync(http.RequestAborted);
    }

    private async Task ServeGraphiQL(HttpContext http)
    {
        var endpoint = http.Request.PathBase.Add(http.Request.Path).Value ?? "/";
        var assets = endpoint.TrimEnd('/') + "/graphiql/" + GraphiQLAssets.Version;
        var html = GraphiQLAssets.PageTemplate
            .Replace("{{title}}", WebUtility.HtmlEncode(options.GraphiQLTitle))
            .Replace("{{assets}}", WebUtility.HtmlEncode(assets))
            .Replace("{{endpoint}}", WebUtility.HtmlEncode(endpoint))
            .Replace("{{defaultQuery}}", WebUtility.HtmlEncode(options.GraphiQLDefaultQuery ?? ""));
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }

    /// <summary>Serves one GraphiQL asset (immutable: the URL contains the asset version).</summary>
    public static async Task ServeAsset(HttpContext http, string file)
    {
        var asset = GraphiQLAssets.Get(file);
        if (asset is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.ContentType = asset.Value.ContentType;
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.ContentLength = asset.Value.Content.Length;
        await http.Response.Body.WriteAsync(asset.Value.Content, http.RequestAborted);
    }
}
