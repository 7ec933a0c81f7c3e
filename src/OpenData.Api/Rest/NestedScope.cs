using OpenData.Store;

namespace OpenData.Api.Rest;

/// <summary>The record a nested collection belongs to (see <see cref="DatasetRoutes.MapNestedCollection"/>).</summary>
public sealed class NestedScope
{
    /// <summary>The parent's collection path segment, e.g. <c>releases</c>.</summary>
    public required string Parent { get; init; }

    /// <summary>The parent's key route parameter, e.g. <c>id</c>.</summary>
    public required string ParentKey { get; init; }

    public required string ParentKeyDescription { get; init; }

    public required string ParentKeyExample { get; init; }

    /// <summary>Singular noun of the parent, for summaries and the 404.</summary>
    public required string ParentNoun { get; init; }

    /// <summary>The OpenAPI tag (the parent's).</summary>
    public required string Tag { get; init; }

    /// <summary>The child field holding the parent's key.</summary>
    public required string ForeignKey { get; init; }

    /// <summary>The parent's key as the foreign key's value, or null when no parent has this key.</summary>
    public required Func<OpenDataDbContext, string, CancellationToken, Task<object?>> FindAsync { get; init; }
}
