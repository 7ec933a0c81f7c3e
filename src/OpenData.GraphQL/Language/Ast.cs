namespace OpenData.GraphQL.Language;

/// <summary>Where a node is in the source: character offsets [Start, End) and the 1-based line/column of Start.</summary>
public readonly record struct Location(int Start, int End, int Line, int Column);

/// <summary>The kind of an AST node (one per node class), used for fast switching.</summary>
public enum NodeKind
{
    /// <summary><see cref="NameNode"/></summary>
    Name,
    /// <summary><see cref="DocumentNode"/></summary>
    Document,
    /// <summary><see cref="OperationDefinitionNode"/></summary>
    OperationDefinition,
    /// <summary><see cref="VariableDefinitionNode"/></summary>
    VariableDefinition,
    /// <summary><see cref="SelectionSetNode"/></summary>
    SelectionSet,
    /// <summary><see cref="FieldNode"/></summary>
    Field,
    /// <summary><see cref="ArgumentNode"/></summary>
    Argument,
    /// <summary><see cref="FragmentSpreadNode"/></summary>
    FragmentSpread,
    /// <summary><see cref="InlineFragmentNode"/></summary>
    InlineFragment,
    /// <summary><see cref="FragmentDefinitionNode"/></summary>
    FragmentDefinition,
    /// <summary><see cref="VariableNode"/></summary>
    Variable,
    /// <summary><see cref="IntValueNode"/></summary>
    IntValue,
    /// <summary><see cref="FloatValueNode"/></summary>
    FloatValue,
    /// <summary><see cref="StringValueNode"/></summary>
    StringValue,
    /// <summary><see cref="BooleanValueNode"/></summary>
    BooleanValue,
    /// <summary><see cref="NullValueNode"/></summary>
    NullValue,
    /// <summary><see cref="EnumValueNode"/></summary>
    EnumValue,
    /// <summary><see cref="ListValueNode"/></summary>
    ListValue,
    /// <summary><see cref="ObjectValueNode"/></summary>
    ObjectValue,
    /// <summary><see cref="ObjectFieldNode"/></summary>
    ObjectField,
    /// <summary><see cref="DirectiveNode"/></summary>
    Directive,
    /// <summary><see cref="NamedTypeNode"/></summary>
    NamedType,
    /// <summary><see cref="ListTypeNode"/></summary>
    ListType,
    /// <summary><see cref="NonNullTypeNode"/></summary>
    NonNullType,
    /// <summary><see cref="SchemaDefinitionNode"/></summary>
    SchemaDefinition,
    /// <summary><see cref="OperationTypeDefinitionNode"/></summary>
    OperationTypeDefinition,
    /// <summary><see cref="ScalarTypeDefinitionNode"/></summary>
    ScalarTypeDefinition,
    /// <summary><see cref="ObjectTypeDefinitionNode"/></summary>
    ObjectTypeDefinition,
    /// <summary><see cref="FieldDefinitionNode"/></summary>
    FieldDefinition,
    /// <summary><see cref="InputValueDefinitionNode"/></summary>
    InputValueDefinition,
    /// <summary><see cref="InterfaceTypeDefinitionNode"/></summary>
    InterfaceTypeDefinition,
    /// <summary><see cref="UnionTypeDefinitionNode"/></summary>
    UnionTypeDefinition,
    /// <summary><see cref="EnumTypeDefinitionNode"/></summary>
    EnumTypeDefinition,
    /// <summary><see cref="EnumValueDefinitionNode"/></summary>
    EnumValueDefinition,
    /// <summary><see cref="InputObjectTypeDefinitionNode"/></summary>
    InputObjectTypeDefinition,
    /// <summary><see cref="DirectiveDefinitionNode"/></summary>
    DirectiveDefinition,
    /// <summary><see cref="SchemaExtensionNode"/></summary>
    SchemaExtension,
    /// <summary><see cref="ScalarTypeExtensionNode"/></summary>
    ScalarTypeExtension,
    /// <summary><see cref="ObjectTypeExtensionNode"/></summary>
    ObjectTypeExtension,
    /// <summary><see cref="InterfaceTypeExtensionNode"/></summary>
    InterfaceTypeExtension,
    /// <summary><see cref="UnionTypeExtensionNode"/></summary>
    UnionTypeExtension,
    /// <summary><see cref="EnumTypeExtensionNode"/></summary>
    EnumTypeExtension,
    /// <summary><see cref="InputObjectTypeExtensionNode"/></summary>
    InputObjectTypeExtension,
}

/// <summary>The three operation types of GraphQL.</summary>
public enum OperationType
{
    /// <summary>query</summary>
    Query,
    /// <summary>mutation</summary>
    Mutation,
    /// <summary>subscription</summary>
    Subscription,
}

/// <summary>Base class of every AST node. Nodes are immutable.</summary>
public abstract class Node(Location location)
{
    /// <summary>Source position of the node (from its first token to its last token).</summary>
    public Location Location { get; } = location;

    /// <summary>The node's kind.</summary>
    public abstract NodeKind Kind { get; }

    /// <summary>Prints the node as GraphQL source text.</summary>
    public override string ToString() => Printer.Print(this);
}

/// <summary>A name (identifier).</summary>
public sealed class NameNode(Location location, string value) : Node(location)
{
    /// <summary>The identifier text.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Name;
}

/// <summary>A whole document: a list of definitions.</summary>
public sealed class DocumentNode(Location location, IReadOnlyList<DefinitionNode> definitions) : Node(location)
{
    /// <summary>The definitions in source order.</summary>
    public IReadOnlyList<DefinitionNode> Definitions { get; } = definitions;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Document;
}

/// <summary>Any top-level definition.</summary>
public abstract class DefinitionNode(Location location) : Node(location);

/// <summary>An operation or fragment definition.</summary>
public abstract class ExecutableDefinitionNode(Location location, StringValueNode? description, NameNode? name, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : DefinitionNode(location)
{
    /// <summary>Description string (September 2025 spec addition; never on the shorthand query form).</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>The name; null for anonymous operations.</summary>
    public NameNode? Name { get; } = name;
    /// <summary>Directives applied to the definition.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <summary>The selection set.</summary>
    public SelectionSetNode SelectionSet { get; } = selectionSet;
}

/// <summary>query/mutation/subscription definition (also the shorthand <c>{ ... }</c> form).</summary>
public sealed class OperationDefinitionNode(Location location, StringValueNode? description, OperationType operation, NameNode? name,
    IReadOnlyList<VariableDefinitionNode> variableDefinitions, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : ExecutableDefinitionNode(location, description, name, directives, selectionSet)
{
    /// <summary>The operation type.</summary>
    public OperationType Operation { get; } = operation;
    /// <summary>Declared variables.</summary>
    public IReadOnlyList<VariableDefinitionNode> VariableDefinitions { get; } = variableDefinitions;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.OperationDefinition;
}

/// <summary><c>$name: Type = default @directives</c></summary>
public sealed class VariableDefinitionNode(Location location, StringValueNode? description, VariableNode variable, TypeNode type, ValueNode? defaultValue, IReadOnlyList<DirectiveNode> directives)
    : Node(location)
{
    /// <summary>Description string (September 2025 spec addition).</summary>
    public StringValueNode? Description { get; } = description;
    /// <summary>The variable.</summary>
    public VariableNode Variable { get; } = variable;
    /// <summary>The declared type.</summary>
    public TypeNode Type { get; } = type;
    /// <summary>The default value literal, if any.</summary>
    public ValueNode? DefaultValue { get; } = defaultValue;
    /// <summary>Directives.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.VariableDefinition;
}

/// <summary><c>{ selections }</c></summary>
public sealed class SelectionSetNode(Location location, IReadOnlyList<SelectionNode> selections) : Node(location)
{
    /// <summary>Fields and fragments in source order.</summary>
    public IReadOnlyList<SelectionNode> Selections { get; } = selections;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.SelectionSet;
}

/// <summary>A field, fragment spread or inline fragment.</summary>
public abstract class SelectionNode(Location location, IReadOnlyList<DirectiveNode> directives) : Node(location)
{
    /// <summary>Directives on the selection.</summary>
    public IReadOnlyList<DirectiveNode> Directives { get; } = directives;
}

/// <summary><c>alias: name(args) @directives { ... }</c></summary>
public sealed class FieldNode(Location location, NameNode? alias, NameNode name, IReadOnlyList<ArgumentNode> arguments,
    IReadOnlyList<DirectiveNode> directives, SelectionSetNode? selectionSet) : SelectionNode(location, directives)
{
    /// <summary>The alias, if given.</summary>
    public NameNode? Alias { get; } = alias;
    /// <summary>The field name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Arguments.</summary>
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments;
    /// <summary>Sub-selection, null for leaf fields.</summary>
    public SelectionSetNode? SelectionSet { get; } = selectionSet;
    /// <summary>The key of this field in the response: the alias or else the name.</summary>
    public string ResponseName => Alias?.Value ?? Name.Value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Field;
}

/// <summary><c>name: value</c> inside a field or directive.</summary>
public sealed class ArgumentNode(Location location, NameNode name, ValueNode value) : Node(location)
{
    /// <summary>Argument name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Argument value.</summary>
    public ValueNode Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Argument;
}

/// <summary><c>...FragmentName @directives</c></summary>
public sealed class FragmentSpreadNode(Location location, NameNode name, IReadOnlyList<DirectiveNode> directives) : SelectionNode(location, directives)
{
    /// <summary>The fragment name.</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.FragmentSpread;
}

/// <summary><c>... on Type @directives { ... }</c></summary>
public sealed class InlineFragmentNode(Location location, NamedTypeNode? typeCondition, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : SelectionNode(location, directives)
{
    /// <summary>The type condition, or null.</summary>
    public NamedTypeNode? TypeCondition { get; } = typeCondition;
    /// <summary>The selections.</summary>
    public SelectionSetNode SelectionSet { get; } = selectionSet;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.InlineFragment;
}

/// <summary><c>fragment Name on Type @directives { ... }</c></summary>
public sealed class FragmentDefinitionNode(Location location, StringValueNode? description, NameNode name, NamedTypeNode typeCondition, IReadOnlyList<DirectiveNode> directives, SelectionSetNode selectionSet)
    : ExecutableDefinitionNode(location, description, name, directives, selectionSet)
{
    /// <summary>The fragment's name (never null for fragments).</summary>
    public new NameNode Name => base.Name!;
    /// <summary>The type condition.</summary>
    public NamedTypeNode TypeCondition { get; } = typeCondition;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.FragmentDefinition;
}

/// <summary><c>@name(args)</c></summary>
public sealed class DirectiveNode(Location location, NameNode name, IReadOnlyList<ArgumentNode> arguments) : Node(location)
{
    /// <summary>Directive name without the @.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Arguments.</summary>
    public IReadOnlyList<ArgumentNode> Arguments { get; } = arguments;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Directive;
}

// ---- Values ----

/// <summary>Any input value literal (or variable reference).</summary>
public abstract class ValueNode(Location location) : Node(location);

/// <summary><c>$name</c></summary>
public sealed class VariableNode(Location location, NameNode name) : ValueNode(location)
{
    /// <summary>Variable name without the $.</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.Variable;
}

/// <summary>An integer literal; the text is kept, conversion happens during coercion.</summary>
public sealed class IntValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>Source text of the number.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.IntValue;
}

/// <summary>A float literal; the text is kept.</summary>
public sealed class FloatValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>Source text of the number.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.FloatValue;
}

/// <summary>A string literal (quoted or block).</summary>
public sealed class StringValueNode(Location location, string value, bool block) : ValueNode(location)
{
    /// <summary>The string's value (escapes resolved, block indentation removed).</summary>
    public string Value { get; } = value;
    /// <summary>True when written as a """block string""".</summary>
    public bool Block { get; } = block;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.StringValue;
}

/// <summary>true / false</summary>
public sealed class BooleanValueNode(Location location, bool value) : ValueNode(location)
{
    /// <summary>The value.</summary>
    public bool Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.BooleanValue;
}

/// <summary>null</summary>
public sealed class NullValueNode(Location location) : ValueNode(location)
{
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.NullValue;
}

/// <summary>An enum value literal (a bare name other than true/false/null).</summary>
public sealed class EnumValueNode(Location location, string value) : ValueNode(location)
{
    /// <summary>The enum value name.</summary>
    public string Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.EnumValue;
}

/// <summary><c>[a, b]</c></summary>
public sealed class ListValueNode(Location location, IReadOnlyList<ValueNode> values) : ValueNode(location)
{
    /// <summary>Items.</summary>
    public IReadOnlyList<ValueNode> Values { get; } = values;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ListValue;
}

/// <summary><c>{ name: value }</c></summary>
public sealed class ObjectValueNode(Location location, IReadOnlyList<ObjectFieldNode> fields) : ValueNode(location)
{
    /// <summary>Fields in source order.</summary>
    public IReadOnlyList<ObjectFieldNode> Fields { get; } = fields;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ObjectValue;
}

/// <summary>One <c>name: value</c> of an object literal.</summary>
public sealed class ObjectFieldNode(Location location, NameNode name, ValueNode value) : Node(location)
{
    /// <summary>Field name.</summary>
    public NameNode Name { get; } = name;
    /// <summary>Field value.</summary>
    public ValueNode Value { get; } = value;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ObjectField;
}

// ---- Type references ----

/// <summary>A type reference: named, list or non-null.</summary>
public abstract class TypeNode(Location location) : Node(location);

/// <summary>A named type reference.</summary>
public sealed class NamedTypeNode(Location location, NameNode name) : TypeNode(location)
{
    /// <summary>The type name.</summary>
    public NameNode Name { get; } = name;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.NamedType;
}

/// <summary><c>[Type]</c></summary>
public sealed class ListTypeNode(Location location, TypeNode type) : TypeNode(location)
{
    /// <summary>Item type.</summary>
    public TypeNode Type { get; } = type;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.ListType;
}

/// <summary><c>Type!</c></summary>
public sealed class NonNullTypeNode(Location location, TypeNode type) : TypeNode(location)
{
    /// <summary>The wrapped (named or list) type.</summary>
    public TypeNode Type { get; } = type;
    /// <inheritdoc />
    public override NodeKind Kind => NodeKind.NonNullType;
}
