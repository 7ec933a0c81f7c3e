using OpenData.GraphQL.Language;
using OpenData.GraphQL.Types;

namespace OpenData.GraphQL.Execution;

/// <summary>
/// A response path: field names and list indices from the root to a value. Immutable linked list so that
/// creating child paths is cheap.
/// </summary>
public sealed class ResponsePath
{
    private ResponsePath(ResponsePath? parent, object key)
    {
        Parent = parent;
        Key = key;
    }

    /// <summary>The parent path, or null at the root.</summary>
    public ResponsePath? Parent { get; }

    /// <summary>A field name (string) or list index (int).</summary>
    public object Key { get; }

    /// <summary>Creates a root path for a top-level field.</summary>
    public static ResponsePath Root(string key) => new(null, key);

    /// <summary>A child path for a field.</summary>
    public ResponsePath Field(string name) => new(this, name);

    /// <summary>A child path for a list item.</summary>
    public ResponsePath Index(int index) => new(this, ScalarType.BoxInt(index));

    /// <summary>The keys from the root.</summary>
    public IReadOnlyList<object> ToList()
    {
        var list = new List<object>();
        for (var p = this; p is not null; p = p.Parent) list.Add(p.Key);
        list.Reverse();
        return list;
    }

    /// <summary>Number of list indices in the path (for depth-like checks).</summary>
    public int Depth
    {
        get
        {
            int n = 0;
            for (var p = this; p is not null; p = p.Parent) n++;
            return n;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(".", ToList());
}

/// <summary>
/// Everything a resolver gets: the parent value, coerced arguments, the field definition and AST, the path,
/// per-request items (for data loaders), services and the cancellation token.
/// </summary>
public sealed class FieldContext
{
    internal FieldContext(ExecutionContext execution, object? source, FieldDefinition fieldDefinition, ObjectType parentType,
        IReadOnlyList<FieldNode> fieldNodes, IReadOnlyDictionary<string, object?> arguments, ResponsePath path)
    {
        Execution = execution;
        Source = source;
        FieldDefinition = fieldDefinition;
        ParentType = parentType;
        FieldNodes = fieldNodes;
        Arguments = arguments;
        Path = path;
    }

    internal ExecutionContext Execution { get; }

    /// <summary>The parent value (what the parent field's resolver returned; the root value for root fields).</summary>
    public object? Source { get; }

    /// <summary>The field being resolved.</summary>
    public FieldDefinition FieldDefinition { get; }

    /// <summary>The object type that owns the field.</summary>
    public ObjectType ParentType { get; }

    /// <summary>The field's AST nodes (several when the same response name is selected more than once).</summary>
    public IReadOnlyList<FieldNode> FieldNodes { get; }

    /// <summary>
    /// Coerced arguments: string, int, double, bool, null, IReadOnlyList&lt;object?&gt;, IReadOnlyDictionary&lt;string, object?&gt;,
    /// enum values as their internal value (the value name unless the enum defines another value). Arguments
    /// that were not given and have no default are absent.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>Path of this field in the response.</summary>
    public ResponsePath Path { get; }

    /// <summary>The schema.</summary>
    public GraphQLSchema Schema => Execution.Schema;

    /// <summary>The operation being executed.</summary>
    public OperationDefinitionNode Operation => Execution.Operation;

    /// <summary>Coerced variable values.</summary>
    public IReadOnlyDictionary<string, object?> Variables => Execution.Variables;

    /// <summary>Per-request storage shared by all resolvers (data loaders live here).</summary>
    public IDictionary<object, object?> Items => Execution.Items;

    /// <summary>The request's service provider (may be an empty provider outside ASP.NET Core).</summary>
    public IServiceProvider RequestServices => Execution.RequestServices;

    /// <summary>
    /// Cancelled when the request is aborted (the client went away), the execution timeout elapses or the result
    /// passes its size limits. Pass it to every database call and wait: the work it cancels is work nobody will read.
    /// </summary>
    public CancellationToken CancellationToken => Execution.CancellationToken;

    /// <summary>The user context object given to the executor, if any.</summary>
    public object? UserContext => Execution.UserContext;

    /// <summary>The response name (alias or field name).</summary>
    public string ResponseName => FieldNodes[0].ResponseName;

    /// <summary>Returns an argument value converted to <typeparamref name="T"/>, or <paramref name="defaultValue"/> when absent or null.</summary>
    public T? GetArgument<T>(string name, T? defaultValue = default)
    {
        if (!Arguments.TryGetValue(name, out var value) || value is null) return defaultValue;
        if (value is T t) return t;
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target.IsEnum && value is string s) return (T)Enum.Parse(target, s.Replace("_", ""), ignoreCase: true);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether an argument was given (explicitly or by default), even if its value is null.</summary>
    public bool HasArgument(string name) => Arguments.ContainsKey(name);

    /// <summary>
    /// The fields selected below this field for the given concrete type (fragments applied, @skip/@include
    /// evaluated), keyed by response name. For abstract field types pass the object type of interest, or null
    /// to use the field's named type when it is an object type. Lets an application compute projections.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FieldNode>> GetSubFields(ObjectType? objectType = null)
    {
        objectType ??= FieldDefinition.Type.GetNamedType() as ObjectType;
        if (objectType is null) return new Dictionary<string, IReadOnlyList<FieldNode>>();
        return Execution.CollectSubfields(objectType, FieldNodes);
    }

    /// <summary>Names (not aliases) of the fields selected below this field, without duplicates and without __typename.</summary>
    public IReadOnlyCollection<string> GetSelectedFieldNames(ObjectType? objectType = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nodes in GetSubFields(objectType).Values)
        {
            var name = nodes[0].Name.Value;
            if (name != "__typename") names.Add(name);
        }
        return names;
    }
}
