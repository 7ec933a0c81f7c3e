using OpenData.GraphQL.Language;

namespace OpenData.GraphQL;

/// <summary>A line/column position (both 1-based) in a GraphQL document, as reported in error "locations".</summary>
public readonly record struct SourceLocation(int Line, int Column);

/// <summary>
/// One entry of a response's "errors" list: message, source locations, response path and extensions
/// (extensions.code classifies the error, see <see cref="ErrorCodes"/>).
/// </summary>
public sealed class GraphQLError
{
    /// <summary>Creates an error with explicit parts.</summary>
    public GraphQLError(string message, IReadOnlyList<SourceLocation>? locations = null, IReadOnlyList<object>? path = null,
        string? code = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        Message = message;
        Locations = locations is { Count: > 0 } ? locations : null;
        Path = path;
        if (code is not null)
        {
            var ext = extensions is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(extensions);
            ext["code"] = code;
            Extensions = ext;
        }
        else
        {
            Extensions = extensions is { Count: > 0 } ? extensions : null;
        }
    }

    /// <summary>Creates an error located at the given AST nodes (nodes without a location are skipped).</summary>
    public GraphQLError(string message, params Node?[] nodes)
        : this(message, LocationsOf(nodes))
    {
    }

    /// <summary>Human readable description of the problem.</summary>
    public string Message { get; }

    /// <summary>Where in the document the problem is, or null.</summary>
    public IReadOnlyList<SourceLocation>? Locations { get; }

    /// <summary>Response path (field names and list indices) of the field that failed, or null for request errors.</summary>
    public IReadOnlyList<object>? Path { get; }

    /// <summary>Extra machine-readable information; "code" holds the error class.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; }

    /// <summary>The extensions.code value, if any.</summary>
    public string? Code => Extensions is not null && Extensions.TryGetValue("code", out var c) ? c as string : null;

    /// <summary>Returns a copy with another code.</summary>
    public GraphQLError WithCode(string code) => new(Message, Locations, Path, code, Extensions);

    /// <summary>Returns a copy with a response path.</summary>
    public GraphQLError WithPath(IReadOnlyList<object>? path) => new(Message, Locations, path, null, Extensions);

    /// <inheritdoc />
    public override string ToString()
    {
        if (Locations is null) return Message;
        return Message + " (" + string.Join(", ", Locations.Select(l => l.Line + ":" + l.Column)) + ")";
    }

    private static IReadOnlyList<SourceLocation>? LocationsOf(Node?[] nodes)
    {
        if (nodes.Length == 0) return null;
        var list = new List<SourceLocation>(nodes.Length);
        foreach (var n in nodes)
        {
            if (n is not null && n.Location.Line > 0) list.Add(new SourceLocation(n.Location.Line, n.Location.Column));
        }
        return list;
    }
}

/// <summary>Values used in extensions.code.</summary>
public static class ErrorCodes
{
    /// <summary>The document is not syntactically valid.</summary>
    public const string ParseFailed = "GRAPHQL_PARSE_FAILED";
    /// <summary>The document failed validation against the schema.</summary>
    public const string ValidationFailed = "GRAPHQL_VALIDATION_FAILED";
    /// <summary>Variables or arguments could not be coerced, or the request is otherwise malformed.</summary>
    public const string BadUserInput = "BAD_USER_INPUT";
    /// <summary>The request is not a valid GraphQL request (e.g. no query, operation not found).</summary>
    public const string BadRequest = "BAD_REQUEST";
    /// <summary>An unexpected exception in a resolver; details are not exposed.</summary>
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    /// <summary>Mutation or subscription operations are not supported by this engine.</summary>
    public const string OperationNotSupported = "OPERATION_NOT_SUPPORTED";
    /// <summary>The document is longer than <c>GraphQLLimits.MaxDocumentLength</c>.</summary>
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    /// <summary>The selection nesting is deeper than <c>GraphQLLimits.MaxDepth</c>.</summary>
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    /// <summary>More aliases than <c>GraphQLLimits.MaxAliases</c>.</summary>
    public const string MaxAliasesExceeded = "MAX_ALIASES_EXCEEDED";
    /// <summary>The estimated cost is higher than <c>GraphQLLimits.MaxCost</c>.</summary>
    public const string MaxCostExceeded = "MAX_COST_EXCEEDED";
    /// <summary>Execution took longer than <c>GraphQLLimits.ExecutionTimeout</c>.</summary>
    public const string Timeout = "TIMEOUT";
    /// <summary>The result grew beyond <c>GraphQLLimits.MaxResultNodes</c> or <c>GraphQLLimits.MaxResponseBytes</c>.</summary>
    public const string ResponseTooLarge = "RESPONSE_TOO_LARGE";
}

/// <summary>An exception that carries a <see cref="GraphQLError"/>; thrown by the parser, coercion and resolvers that want a specific message in the response.</summary>
public class GraphQLException : Exception
{
    /// <summary>Wraps an error.</summary>
    public GraphQLException(GraphQLError error) : base(error.Message) => Error = error;

    /// <summary>Creates an error with a message and optional code. Resolvers throw this to send their own message to the client.</summary>
    public GraphQLException(string message, string? code = null) : base(message) => Error = new GraphQLError(message, code: code);

    /// <summary>The error to report.</summary>
    public GraphQLError Error { get; }
}

/// <summary>A syntax error in a GraphQL document (message starts with "Syntax Error:").</summary>
public sealed class GraphQLSyntaxException : GraphQLException
{
    /// <summary>Creates the error at a line/column.</summary>
    public GraphQLSyntaxException(string description, int line, int column, int position)
        : base(new GraphQLError("Syntax Error: " + description, [new SourceLocation(line, column)], code: ErrorCodes.ParseFailed))
    {
        Position = position;
    }

    /// <summary>Character offset of the problem in the document.</summary>
    public int Position { get; }
}
