using OpenData.GraphQL.Execution;

namespace OpenData.GraphQL.Types;

/// <summary>
/// A field of an object or interface type: name, output type, arguments, resolver, description and deprecation.
/// </summary>
public sealed class FieldDefinition
{
    private readonly List<ArgumentDefinition> _arguments = [];
    private Dictionary<string, ArgumentDefinition>? _argumentsByName;

    /// <summary>Creates a field.</summary>
    public FieldDefinition(string name, GraphQLType type, Func<FieldContext, ValueTask<object?>>? resolve = null, string? description = null)
    {
        NameValidation.AssertValidName(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Resolve = resolve;
        Description = description;
    }

    /// <summary>Field name.</summary>
    public string Name { get; }

    /// <summary>Output type.</summary>
    public GraphQLType Type { get; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Reason shown by introspection/SDL (@deprecated); null when the field is not deprecated.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>True when <see cref="DeprecationReason"/> is set.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>
    /// The resolver. When null, the default resolver reads the value from the parent: a dictionary entry or a
    /// public property whose name matches the field name (case-insensitive).
    /// </summary>
    public Func<FieldContext, ValueTask<object?>>? Resolve { get; set; }

    /// <summary>
    /// Cost of this field for <see cref="GraphQLLimits.MaxCost"/> (default 1). For list fields the cost of the
    /// children is multiplied by the page size (see <see cref="GraphQLLimits"/>).
    /// </summary>
    public int Cost { get; set; } = 1;

    /// <summary>
    /// How this field's lists are sized for the cost limit (like HotChocolate's @listSize). Use it for
    /// connection fields: <c>new ListSize { SizedFields = ["nodes", "edges"] }</c> multiplies the cost of the
    /// sub-fields nodes/edges by the value of first/last (not the connection object itself). Not printed in SDL.
    /// </summary>
    public ListSize? ListSize { get; set; }

    /// <summary>Arbitrary data for the application (e.g. a column name for projections).</summary>
    public object? Metadata { get; set; }

    /// <summary>Arguments in definition order.</summary>
    public IReadOnlyList<ArgumentDefinition> Arguments => _arguments;

    /// <summary>Finds an argument by name.</summary>
    public ArgumentDefinition? GetArgument(string name)
    {
        if (_arguments.Count == 0) return null;
        if (_argumentsByName is null)
        {
            var map = new Dictionary<string, ArgumentDefinition>(StringComparer.Ordinal);
            foreach (var a in _arguments) map[a.Name] = a;
            _argumentsByName = map;
        }
        return _argumentsByName.GetValueOrDefault(name);
    }

    /// <summary>Adds an argument; returns this field for chaining.</summary>
    public FieldDefinition Argument(ArgumentDefinition argument)
    {
        if (_arguments.Any(a => a.Name == argument.Name)) throw new ArgumentException($"Field \"{Name}\" already has an argument \"{argument.Name}\".");
        _arguments.Add(argument);
        _argumentsByName = null;
        return this;
    }

    /// <summary>Adds an argument; returns this field for chaining.</summary>
    public FieldDefinition Argument(string name, GraphQLType type, string? description = null)
        => Argument(new ArgumentDefinition(name, type, description));

    /// <summary>Adds an argument with a default value (a CLR value in the same form resolvers receive); returns this field.</summary>
    public FieldDefinition Argument(string name, GraphQLType type, object? defaultValue, string? description)
        => Argument(new ArgumentDefinition(name, type, description) { DefaultValue = defaultValue });

    /// <summary>Marks the field deprecated; returns this field for chaining.</summary>
    public FieldDefinition Deprecate(string reason = DirectiveDefinition.DefaultDeprecationReason)
    {
        DeprecationReason = reason;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => Name + ": " + Type;
}

/// <summary>Cost-analysis sizing of a list or connection field (see <see cref="FieldDefinition.ListSize"/>).</summary>
public sealed class ListSize
{
    /// <summary>
    /// Arguments whose value is the number of items returned (first one given wins); default first, last. A list
    /// argument counts its items (e.g. <c>nodes(ids: [...])</c>).
    /// </summary>
    public IReadOnlyList<string> SlicingArguments { get; init; } = ["first", "last"];

    /// <summary>
    /// For connections: the sub-fields that hold the lists (e.g. nodes, edges). When set, the field itself is not
    /// multiplied; these sub-fields are multiplied by the slicing argument instead.
    /// </summary>
    public IReadOnlyList<string> SizedFields { get; init; } = [];

    /// <summary>Size assumed when no slicing argument is given; null uses <c>GraphQLLimits.DefaultListSize</c>.</summary>
    public int? AssumedSize { get; init; }
}

/// <summary>An argument of a field or directive, or a field of an input object.</summary>
public abstract class InputValueDefinition
{
    private object? _defaultValue;

    /// <summary>Creates an input value.</summary>
    protected InputValueDefinition(string name, GraphQLType type, string? description)
    {
        NameValidation.AssertValidName(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Description = description;
    }

    /// <summary>Name.</summary>
    public string Name { get; }

    /// <summary>Input type.</summary>
    public GraphQLType Type { get; }

    /// <summary>Description.</summary>
    public string? Description { get; set; }

    /// <summary>Deprecation reason, or null.</summary>
    public string? DeprecationReason { get; set; }

    /// <summary>True when <see cref="DeprecationReason"/> is set.</summary>
    public bool IsDeprecated => DeprecationReason is not null;

    /// <summary>
    /// The default value as an already-coerced CLR value (string, int, double, bool, null, lists, dictionaries,
    /// enum values as their internal value). Setting it (even to null) sets <see cref="HasDefaultValue"/>.
    /// </summary>
    public object? DefaultValue
    {
        get => _defaultValue;
        init
        {
            _defaultValue = value;
            HasDefaultValue = true;
        }
    }

    /// <summary>Whether a default value was given (a default of null is a real default).</summary>
    public bool HasDefaultValue { get; private set; }

    /// <summary>Sets the default after construction (schema building from SDL needs all types before coercing defaults).</summary>
    internal void SetDefaultValue(object? value)
    {
        _defaultValue = value;
        HasDefaultValue = true;
    }

    /// <inheritdoc />
    public override string ToString() => Name + ": " + Type;
}

/// <summary>An argument of a field or directive.</summary>
public sealed class ArgumentDefinition(string name, GraphQLType type, string? description = null) : InputValueDefinition(name, type, description);

/// <summary>A field of an input object type.</summary>
public sealed class InputFieldDefinition(string name, GraphQLType type, string? description = null) : InputValueDefinition(name, type, description);
