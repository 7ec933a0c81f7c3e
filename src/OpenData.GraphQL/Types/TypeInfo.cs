using OpenData.GraphQL.Language;

namespace OpenData.GraphQL.Types;

/// <summary>
/// Tracks type information while walking a document (graphql-js TypeInfo): the current output type, parent
/// composite type, field definition, directive, argument, input type, default value and enum value.
/// Call <see cref="Enter"/> before and <see cref="Leave"/> after each node, or wrap a visitor with
/// <see cref="TypeInfoVisitor"/>. Values are null where the document refers to unknown things.
/// </summary>
public sealed class TypeInfo(GraphQLSchema schema)
{
    private readonly List<GraphQLType?> _typeStack = [];
    private readonly List<NamedType?> _parentTypeStack = [];
    private readonly List<GraphQLType?> _inputTypeStack = [];
    private readonly List<FieldDefinition?> _fieldDefStack = [];
    private readonly List<(bool Has, object? Value)> _defaultValueStack = [];

    /// <summary>The schema.</summary>
    public GraphQLSchema Schema { get; } = schema;

    private static T? Top<T>(List<T> stack) => stack.Count > 0 ? stack[^1] : default;

    /// <summary>Output type of the current field / operation / fragment.</summary>
    public GraphQLType? Type => Top(_typeStack);

    /// <summary>The composite type whose selection set is being walked.</summary>
    public NamedType? ParentType => Top(_parentTypeStack);

    /// <summary>Expected input type of the current argument, list item, object field or variable definition.</summary>
    public GraphQLType? InputType => Top(_inputTypeStack);

    /// <summary>The input type one level up (e.g. the list type while visiting an item).</summary>
    public GraphQLType? ParentInputType => _inputTypeStack.Count > 1 ? _inputTypeStack[^2] : null;

    /// <summary>Definition of the current field.</summary>
    public FieldDefinition? FieldDef => Top(_fieldDefStack);

    /// <summary>Whether the current argument / input field has a default value.</summary>
    public bool HasDefaultValue => _defaultValueStack.Count > 0 && _defaultValueStack[^1].Has;

    /// <summary>The default value of the current argument / input field (see <see cref="HasDefaultValue"/>).</summary>
    public object? DefaultValue => _defaultValueStack.Count > 0 ? _defaultValueStack[^1].Value : null;

    /// <summary>The directive being visited.</summary>
    public DirectiveDefinition? Directive { get; private set; }

    /// <summary>The argument being visited.</summary>
    public ArgumentDefinition? Argument { get; private set; }

    /// <summary>The enum value being visited.</summary>
    public EnumValueDefinition? EnumValue { get; private set; }

    /// <summary>Updates the state when entering a node.</summary>
    public void Enter(Node node)
    {
        switch (node)
        {
            case SelectionSetNode:
            {
                var named = Type?.GetNamedType();
                _parentTypeStack.Add(named is ICompositeType ? named : null);
                break;
            }
            case FieldNode field:
            {
                var parentType = ParentType;
                var fieldDef = parentType is null ? null : Schema.GetFieldDefinition(parentType, field.Name.Value);
                _fieldDefStack.Add(fieldDef);
                _typeStack.Add(fieldDef is not null && fieldDef.Type.IsOutputType() ? fieldDef.Type : null);
                break;
            }
            case DirectiveNode directive:
                Directive = Schema.GetDirective(directive.Name.Value);
                break;
            case OperationDefinitionNode op:
                _typeStack.Add(Schema.GetRootType(op.Operation));
                break;
            case InlineFragmentNode inline:
            {
                GraphQLType? outputType = inline.TypeCondition is not null ? ValueHelpers.TypeFromAst(Schema, inline.TypeCondition) : Type?.GetNamedType();
                _typeStack.Add(outputType is not null && outputType.IsOutputType() ? outputType : null);
                break;
            }
            case FragmentDefinitionNode fragment:
            {
                var outputType = ValueHelpers.TypeFromAst(Schema, fragment.TypeCondition);
                _typeStack.Add(outputType is not null && outputType.IsOutputType() ? outputType : null);
                break;
            }
            case VariableDefinitionNode varDef:
            {
                var inputType = ValueHelpers.TypeFromAst(Schema, varDef.Type);
                _inputTypeStack.Add(inputType is not null && inputType.IsInputType() ? inputType : null);
                break;
            }
            case ArgumentNode arg:
            {
                ArgumentDefinition? argDef = Directive is not null ? Directive.GetArgument(arg.Name.Value) : FieldDef?.GetArgument(arg.Name.Value);
                Argument = argDef;
                _defaultValueStack.Add(argDef is not null && argDef.HasDefaultValue ? (true, argDef.DefaultValue) : (false, null));
                _inputTypeStack.Add(argDef is not null && argDef.Type.IsInputType() ? argDef.Type : null);
                break;
            }
            case ListValueNode:
            {
                var listType = InputType?.GetNullableType();
                var itemType = listType is ListType l ? l.OfType : listType;
                _defaultValueStack.Add((false, null));
                _inputTypeStack.Add(itemType is not null && itemType.IsInputType() ? itemType : null);
                break;
            }
            case ObjectFieldNode objectField:
            {
                InputFieldDefinition? inputField = InputType?.GetNamedType() is InputObjectType io ? io.GetField(objectField.Name.Value) : null;
                _defaultValueStack.Add(inputField is not null && inputField.HasDefaultValue ? (true, inputField.DefaultValue) : (false, null));
                _inputTypeStack.Add(inputField is not null && inputField.Type.IsInputType() ? inputField.Type : null);
                break;
            }
            case EnumValueNode enumValue:
                EnumValue = InputType?.GetNamedType() is EnumType et ? et.GetValue(enumValue.Value) : null;
                break;
        }
    }

    /// <summary>Updates the state when leaving a node.</summary>
    public void Leave(Node node)
    {
        switch (node)
        {
            case SelectionSetNode:
                Pop(_parentTypeStack);
                break;
            case FieldNode:
                Pop(_fieldDefStack);
                Pop(_typeStack);
                break;
            case DirectiveNode:
                Directive = null;
                break;
            case OperationDefinitionNode:
            case InlineFragmentNode:
            case FragmentDefinitionNode:
                Pop(_typeStack);
                break;
            case VariableDefinitionNode:
                Pop(_inputTypeStack);
                break;
            case ArgumentNode:
                Argument = null;
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case ListValueNode:
            case ObjectFieldNode:
                Pop(_defaultValueStack);
                Pop(_inputTypeStack);
                break;
            case EnumValueNode:
                EnumValue = null;
                break;
        }
    }

    private static void Pop<T>(List<T> stack)
    {
        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
    }
}

/// <summary>Wraps a visitor so that a <see cref="TypeInfo"/> is kept up to date around its calls (graphql-js visitWithTypeInfo).</summary>
public sealed class TypeInfoVisitor(TypeInfo typeInfo, NodeVisitor inner) : NodeVisitor
{
    /// <inheritdoc />
    public override VisitAction Enter(Node node)
    {
        typeInfo.Enter(node);
        var action = inner.Enter(node);
        if (action == VisitAction.SkipChildren) typeInfo.Leave(node);
        return action;
    }

    /// <inheritdoc />
    public override void Leave(Node node)
    {
        inner.Leave(node);
        typeInfo.Leave(node);
    }
}
