namespace OpenData.GraphQL.Types;

/// <summary>The kinds of types, as named by introspection's __TypeKind.</summary>
public enum TypeKind
{
    /// <summary>SCALAR</summary>
    Scalar,
    /// <summary>OBJECT</summary>
    Object,
    /// <summary>INTERFACE</summary>
    Interface,
    /// <summary>UNION</summary>
    Union,
    /// <summary>ENUM</summary>
    Enum,
    /// <summary>INPUT_OBJECT</summary>
    InputObject,
    /// <summary>LIST</summary>
    List,
    /// <summary>NON_NULL</summary>
    NonNull,
}

/// <summary>
/// Any GraphQL type: a named type (<see cref="NamedType"/>) or a wrapper (<see cref="ListType"/>, <see cref="NonNullType"/>).
/// <see cref="ToString"/> prints the type reference as in SDL, e.g. <c>[String!]!</c>.
/// </summary>
public abstract class GraphQLType
{
    /// <summary>The type's kind.</summary>
    public abstract TypeKind Kind { get; }

    /// <summary>Wraps this type in a non-null type (returns this if it already is one).</summary>
    public NonNullType NonNull() => this as NonNullType ?? new NonNullType(this);

    /// <summary>Wraps this type in a list type.</summary>
    public ListType ListOf() => new(this);
}

/// <summary>A type with a name: scalar, object, interface, union, enum or input object.</summary>
public abstract class NamedType : GraphQLType
{
    /// <summary>Creates a named type.</summary>
    protected NamedType(string name, string? description)
    {
        NameValidation.AssertValidName(name);
        Name = name;
        Description = description;
    }

    /// <summary>The type's name.</summary>
    public string Name { get; }

    /// <summary>Description shown by introspection and in SDL.</summary>
    public string? Description { get; set; }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A list of another type.</summary>
public sealed class ListType(GraphQLType ofType) : GraphQLType
{
    /// <summary>The item type.</summary>
    public GraphQLType OfType { get; } = ofType ?? throw new ArgumentNullException(nameof(ofType));
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.List;
    /// <inheritdoc />
    public override string ToString() => "[" + OfType + "]";
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ListType other && OfType.Equals(other.OfType);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(1, OfType);
}

/// <summary>A non-null version of a named or list type.</summary>
public sealed class NonNullType : GraphQLType
{
    /// <summary>Wraps a nullable type.</summary>
    public NonNullType(GraphQLType ofType)
    {
        ArgumentNullException.ThrowIfNull(ofType);
        if (ofType is NonNullType) throw new ArgumentException($"Expected {ofType} to be a nullable type.", nameof(ofType));
        OfType = ofType;
    }

    /// <summary>The nullable type.</summary>
    public GraphQLType OfType { get; }
    /// <inheritdoc />
    public override TypeKind Kind => TypeKind.NonNull;
    /// <inheritdoc />
    public override string ToString() => OfType + "!";
    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is NonNullType other && OfType.Equals(other.OfType);
    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(2, OfType);
}

/// <summary>Object, interface or union: a type that has a selection set.</summary>
public interface ICompositeType
{
    /// <summary>The type name.</summary>
    string Name { get; }
}

/// <summary>Interface or union: the concrete object type is chosen at run time.</summary>
public interface IAbstractType : ICompositeType
{
    /// <summary>
    /// Picks the concrete object type of a value. May return null, in which case the executor tries each
    /// possible type's <see cref="ObjectType.IsTypeOf"/>.
    /// </summary>
    Func<object, Execution.FieldContext, ObjectType?>? ResolveType { get; }
}

/// <summary>Scalar or enum: a type with no sub-selection that serializes to a JSON value.</summary>
public interface ILeafType
{
    /// <summary>The type name.</summary>
    string Name { get; }

    /// <summary>Converts a resolver result to its JSON-ready form (string, bool, int, long, double, or null); throws <see cref="GraphQLException"/> if impossible.</summary>
    object? Serialize(object? value);
}

/// <summary>Predicates and helpers over types (the graphql-js isInputType/getNamedType family).</summary>
public static class TypeExtensions
{
    /// <summary>Strips list and non-null wrappers.</summary>
    public static NamedType GetNamedType(this GraphQLType type)
    {
        while (true)
        {
            switch (type)
            {
                case NonNullType nn: type = nn.OfType; break;
                case ListType l: type = l.OfType; break;
                default: return (NamedType)type;
            }
        }
    }

    /// <summary>Strips a non-null wrapper if present.</summary>
    public static GraphQLType GetNullableType(this GraphQLType type) => type is NonNullType nn ? nn.OfType : type;

    /// <summary>True for scalar, enum, input object (and wrappers of those).</summary>
    public static bool IsInputType(this GraphQLType type) => type.GetNamedType() is ScalarType or EnumType or InputObjectType;

    /// <summary>True for scalar, object, interface, union, enum (and wrappers of those).</summary>
    public static bool IsOutputType(this GraphQLType type) => type.GetNamedType() is ScalarType or ObjectType or InterfaceType or UnionType or EnumType;

    /// <summary>True for scalar and enum types (not wrappers).</summary>
    public static bool IsLeafType(this GraphQLType type) => type is ScalarType or EnumType;

    /// <summary>True for object, interface and union types (not wrappers).</summary>
    public static bool IsCompositeType(this GraphQLType type) => type is ObjectType or InterfaceType or UnionType;

    /// <summary>True for interface and union types.</summary>
    public static bool IsAbstractType(this GraphQLType type) => type is InterfaceType or UnionType;

    /// <summary>True for list and non-null wrappers.</summary>
    public static bool IsWrappingType(this GraphQLType type) => type is ListType or NonNullType;

    /// <summary>True for a non-null type.</summary>
    public static bool IsNonNull(this GraphQLType type) => type is NonNullType;

    /// <summary>True if the type is a list, possibly wrapped in non-null.</summary>
    public static bool IsListType(this GraphQLType type) => type.GetNullableType() is ListType;

    /// <summary>True if the type is a non-null input value without a default, i.e. one that must be given.</summary>
    public static bool IsRequiredInput(this InputValueDefinition value) => value.Type is NonNullType && !value.HasDefaultValue;

    /// <summary>
    /// Whether two types are the same (structurally for wrappers, by identity for named types).
    /// </summary>
    public static bool IsEqualType(this GraphQLType a, GraphQLType b) => a.Equals(b);
}

/// <summary>Name rules of the spec (Name :: /[_A-Za-z][_0-9A-Za-z]*/).</summary>
public static class NameValidation
{
    /// <summary>Whether the text is a valid GraphQL name.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        if (!Language.Lexer.IsNameStart(name[0])) return false;
        for (int i = 1; i < name.Length; i++) if (!Language.Lexer.IsNameContinue(name[i])) return false;
        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for invalid names (a programming error in the schema).</summary>
    public static void AssertValidName(string name)
    {
        if (!IsValidName(name)) throw new ArgumentException($"Names must match /^[_a-zA-Z][_a-zA-Z0-9]*$/ but \"{name}\" does not.", nameof(name));
    }
}
