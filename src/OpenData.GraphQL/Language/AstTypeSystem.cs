namespace OpenData.GraphQL.Language;

// AST nodes of the type system definition language (SDL). The engine builds schemas in code; these nodes
// exist so that SDL documents can be parsed (tests, schema building from SDL) and so that validation can
// report type-system definitions that appear in executable documents.

/// <summary>A schema, type or directive definition or extension.</summary>
public abstract class TypeSystemDefinitionNode(Location location, StringValueNode? description, IReadOnlyList<DirectiveNode> directives)
    : DefinitionNode(location)
{
    /// <summary>The description string, if any (always null on extensions).</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
}

/// <summary>A named type definition or extension.</summary>
public abstract class TypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives)
    : TypeSystemDefinitionNode(location, description, directives)
{
    /// <summary>The type name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>True for <c>extend ...</c> nodes.</summary>
    public abstract bool IsExtension { get; }
}

/// <summary><c>schema { query: Query }</c> (or <c>extend schema</c>).</summary>
public class SchemaDefinitionNode(Location location, StringValueNode? description, IReadOnlyList<DirectiveNode> directives,
    IReadOnlyList<OperationTypeDefinitionNode> operationTypes) : TypeSystemDefinitionNode(location, description, directives)
{
    /// <summary>Root operation types.</summary>
    public IReadOnlyList<OperationTypeDefinitionNode> OperationTypes { get; } = operationTypes;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.SchemaDefinition;
}

/// <summary><c>extend schema ...</c></summary>
public sealed class SchemaExtensionNode(Location location, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<OperationTypeDefinitionNode> operationTypes)
    : SchemaDefinitionNode(location, null, directives, operationTypes)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.SchemaExtension;
}

/// <summary><c>query: Query</c> inside a schema definition.</summary>
public sealed class OperationTypeDefinitionNode(Location location, OperationType operation, NamedTypeNode type) : Node(location)
{
    /// <summary>The operation.</summary>
    public OperationType Operation { get; } = operation;
    /// <summary>The root type.</summary>
    public NamedTypeNode Type { get; } = type;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.OperationTypeDefinition;
}

/// <summary><c>scalar Name</c></summary>
public class ScalarTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives)
    : TypeDefinitionNode(location, description, name, directives)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ScalarTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend scalar Name</c></summary>
public sealed class ScalarTypeExtensionNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives)
    : ScalarTypeDefinitionNode(location, null, name, directives)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ScalarTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary><c>type Name implements I { fields }</c></summary>
public class ObjectTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<NamedTypeNode> interfaces,
    IReadOnlyList<DirectiveNode> directives, IReadOnlyList<FieldDefinitionNode> fields) : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Implemented interfaces.</summary>
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces;
    /// <summary>Fields.</summary>
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ObjectTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend type Name ...</c></summary>
public sealed class ObjectTypeExtensionNode(Location location, NameNode name, IReadOnlyList<NamedTypeNode> interfaces,
    IReadOnlyList<DirectiveNode> directives, IReadOnlyList<FieldDefinitionNode> fields) : ObjectTypeDefinitionNode(location, null, name, interfaces, directives, fields)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ObjectTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary><c>interface Name implements I { fields }</c></summary>
public class InterfaceTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<NamedTypeNode> interfaces,
    IReadOnlyList<DirectiveNode> directives, IReadOnlyList<FieldDefinitionNode> fields) : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Implemented interfaces.</summary>
    public IReadOnlyList<NamedTypeNode> Interfaces { get; } = interfaces;
    /// <summary>Fields.</summary>
    public IReadOnlyList<FieldDefinitionNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InterfaceTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend interface Name ...</c></summary>
public sealed class InterfaceTypeExtensionNode(Location location, NameNode name, IReadOnlyList<NamedTypeNode> interfaces,
    IReadOnlyList<DirectiveNode> directives, IReadOnlyList<FieldDefinitionNode> fields) : InterfaceTypeDefinitionNode(location, null, name, interfaces, directives, fields)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InterfaceTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary><c>name(args): Type @directives</c> in a type definition.</summary>
public sealed class FieldDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<InputValueDefinitionNode> arguments,
    TypeNode type, IReadOnlyList<DirectiveNode> directives) : Node(location)
{
    /// <summary>Description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>Field name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Argument definitions.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments;
    /// <summary>Field type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.FieldDefinition;
}

/// <summary>An argument or input field definition: <c>name: Type = default @directives</c>.</summary>
public sealed class InputValueDefinitionNode(Location location, StringValueNode? description, NameNode name, TypeNode type, ValueNode? defaultValue,
    IReadOnlyList<DirectiveNode> directives) : Node(location)
{
    /// <summary>Description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>Name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>Default value literal.</summary>
    public ValueNode? DefaultValue { get; } = defaultValue;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InputValueDefinition;
}

/// <summary><c>union Name = A | B</c></summary>
public class UnionTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives,
    IReadOnlyList<NamedTypeNode> types) : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Member types.</summary>
    public IReadOnlyList<NamedTypeNode> Types { get; } = types;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.UnionTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend union Name ...</c></summary>
public sealed class UnionTypeExtensionNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<NamedTypeNode> types)
    : UnionTypeDefinitionNode(location, null, name, directives, types)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.UnionTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary><c>enum Name { A B }</c></summary>
public class EnumTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives,
    IReadOnlyList<EnumValueDefinitionNode> values) : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Values.</summary>
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; } = values;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.EnumTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend enum Name ...</c></summary>
public sealed class EnumTypeExtensionNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<EnumValueDefinitionNode> values)
    : EnumTypeDefinitionNode(location, null, name, directives, values)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.EnumTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary>One value of an enum definition.</summary>
public sealed class EnumValueDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives) : Node(location)
{
    /// <summary>Description.</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>Name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.EnumValueDefinition;
}

/// <summary><c>input Name { fields }</c></summary>
public class InputObjectTypeDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<DirectiveNode> directives,
    IReadOnlyList<InputValueDefinitionNode> fields) : TypeDefinitionNode(location, description, name, directives)
{
    /// <summary>Input fields.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InputObjectTypeDefinition;
    /// <inheritdoc />
    public override bool IsExtension => false;
}

/// <summary><c>extend input Name ...</c></summary>
public sealed class InputObjectTypeExtensionNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives, IReadOnlyList<InputValueDefinitionNode> fields)
    : InputObjectTypeDefinitionNode(location, null, name, directives, fields)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InputObjectTypeExtension;
    /// <inheritdoc />
    public override bool IsExtension => true;
}

/// <summary><c>directive @name(args) repeatable on LOCATION | LOCATION</c></summary>
public sealed class DirectiveDefinitionNode(Location location, StringValueNode? description, NameNode name, IReadOnlyList<InputValueDefinitionNode> arguments,
    bool repeatable, IReadOnlyList<NameNode> locations) : TypeSystemDefinitionNode(location, description, [])
{
    /// <summary>Directive name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Arguments.</summary>
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; } = arguments;
    /// <summary>Whether the directive may appear more than once at a location.</summary>
    public bool Repeatable { get; } = repeatable;
    /// <summary>Allowed locations (names such as FIELD, QUERY).</summary>
    public IReadOnlyList<NameNode> Locations { get; } = locations;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.DirectiveDefinition;
}
