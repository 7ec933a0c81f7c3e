namespace OpenData.GraphQL.Execution;

/// <summary>
/// Protection limits checked for every request. Each exceeded limit produces a request error with its own
/// extensions.code (DOCUMENT_TOO_LARGE, MAX_DEPTH_EXCEEDED, MAX_ALIASES_EXCEEDED, MAX_COST_EXCEEDED, TIMEOUT,
/// RESPONSE_TOO_LARGE). Depth, aliases and cost are measured on the operation as it executes: fragments expanded
/// where they are spread, introspection included. Set a limit to null to disable it.
/// </summary>
public sealed class GraphQLLimits
{
    /// <summary>Maximum length of the document text in characters (default 100 000). Checked before parsing.</summary>
    public int? MaxDocumentLength { get; set; } = 100_000;

    /// <summary>
    /// Maximum number of tokens the parser reads (default 20 000); stops hostile documents early while parsing.
    /// </summary>
    public int? MaxTokens { get; set; } = 20_000;

    /// <summary>
    /// Maximum field nesting depth of an operation, fragments expanded (default 20). Root fields are depth 1;
    /// graphql-js's standard introspection query has depth 13.
    /// </summary>
    public int? MaxDepth { get; set; } = 20;

    /// <summary>
    /// Maximum number of aliased fields an operation executes, fragments expanded: an aliased field in a fragment
    /// spread eight times counts eight times (default 100). Checked before validation.
    /// </summary>
    public int? MaxAliases { get; set; } = 100;

    /// <summary>
    /// Maximum estimated cost of an operation (default 100 000). Each field costs its
    /// <see cref="Types.FieldDefinition.Cost"/> (1 by default); a list field multiplies the cost of its
    /// sub-selection by its page size: the value of one of <see cref="PageSizeArguments"/> when given
    /// (literal or variable), else <see cref="DefaultListSize"/>. Fragments are counted once per spread.
    /// Introspection counts like any field, its lists sized by the schema itself (under __schema, types costs its
    /// selection once per type of the schema, fields once per field of each type, and so on), so the standard
    /// introspection query costs about the number of values in its answer (a few thousand to tens of thousands).
    /// </summary>
    public long? MaxCost { get; set; } = 100_000;

    /// <summary>Page size assumed for list fields without a page-size argument (default 100).</summary>
    public int DefaultListSize { get; set; } = 100;

    /// <summary>Argument names that give a list field's page size (default first, last, limit).</summary>
    public IReadOnlyList<string> PageSizeArguments { get; set; } = ["first", "last", "limit"];

    /// <summary>
    /// Maximum execution time (default 30 s). Checked for every field and list item while the result is built, and
    /// passed to resolvers as <see cref="FieldContext.CancellationToken"/>; exceeding it aborts the execution with a
    /// TIMEOUT error.
    /// </summary>
    public TimeSpan? ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Maximum number of values in a result (default 1 000 000): every field and every list item counts one, as the
    /// result is built. Exceeding it stops the execution with a RESPONSE_TOO_LARGE error and data null. A page of
    /// 1000 rows with 30 fields is about 31 000.
    /// </summary>
    public int? MaxResultNodes { get; set; } = 1_000_000;

    /// <summary>
    /// Maximum estimated size of a result's JSON in bytes (default 32 MiB), counted as the result is built (keys,
    /// strings and JSON scalars by their length, other values by a small constant). Exceeding it stops the execution
    /// with a RESPONSE_TOO_LARGE error and data null.
    /// </summary>
    public long? MaxResponseBytes { get; set; } = 32 * 1024 * 1024;
}
