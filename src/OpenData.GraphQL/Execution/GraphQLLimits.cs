namespace OpenData.GraphQL.Execution;

/// <summary>
/// Protection limits checked for every request. Each exceeded limit produces a request error with its own
/// extensions.code (DOCUMENT_TOO_LARGE, MAX_DEPTH_EXCEEDED, MAX_ALIASES_EXCEEDED, MAX_COST_EXCEEDED, TIMEOUT).
/// Set a limit to null to disable it.
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

    /// <summary>Maximum number of aliased fields in a document (default 100). Checked before validation.</summary>
    public int? MaxAliases { get; set; } = 100;

    /// <summary>
    /// Maximum estimated cost of an operation (default 100 000). Each field costs its
    /// <see cref="Types.FieldDefinition.Cost"/> (1 by default); a list field multiplies the cost of its
    /// sub-selection by its page size: the value of one of <see cref="PageSizeArguments"/> when given
    /// (literal or variable), else <see cref="DefaultListSize"/>. Introspection (__schema, __type) is not counted.
    /// </summary>
    public long? MaxCost { get; set; } = 100_000;

    /// <summary>Page size assumed for list fields without a page-size argument (default 100).</summary>
    public int DefaultListSize { get; set; } = 100;

    /// <summary>Argument names that give a list field's page size (default first, last, limit).</summary>
    public IReadOnlyList<string> PageSizeArguments { get; set; } = ["first", "last", "limit"];

    /// <summary>Maximum execution time (default 30 s). Exceeding it aborts the execution with a TIMEOUT error.</summary>
    public TimeSpan? ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
