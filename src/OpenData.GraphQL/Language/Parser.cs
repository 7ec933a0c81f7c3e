namespace OpenData.GraphQL.Language;

/// <summary>Options of <see cref="Parser"/>.</summary>
public sealed class ParserOptions
{
    /// <summary>Maximum number of tokens before parsing is aborted (protects against huge documents); null = unlimited.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Maximum nesting of selection sets, list/object values and list types. The parser is recursive, so
    /// without a bound a hostile document could exhaust the stack and crash the process.
    /// </summary>
    public int MaxNesting { get; init; } = 500;
}

/// <summary>
/// Recursive-descent parser for GraphQL documents (executable and type-system definitions), following the
/// grammar of the spec and the error messages of graphql-js. Throws <see cref="GraphQLSyntaxException"/>.
/// </summary>
public sealed class Parser
{
    private readonly Lexer _lexer;
    private readonly ParserOptions? _options;
    private int _tokenCount;
    private int _nesting;

    private Parser(string source, ParserOptions? options)
    {
        _lexer = new Lexer(source);
        _options = options;
    }

    /// <summary>Parses a whole document.</summary>
    public static DocumentNode Parse(string source, ParserOptions? options = null)
    {
        var parser = new Parser(source, options);
        return parser.ParseDocument();
    }

    /// <summary>Parses a single value literal (variables allowed unless <paramref name="isConst"/>).</summary>
    public static ValueNode ParseValue(string source, bool isConst = false)
    {
        var parser = new Parser(source, null);
        parser.ExpectToken(TokenKind.Sof);
        var value = parser.ParseValueLiteral(isConst);
        parser.ExpectToken(TokenKind.Eof);
        return value;
    }

    /// <summary>Parses a single type reference such as <c>[Int!]</c>.</summary>
    public static TypeNode ParseType(string source)
    {
        var parser = new Parser(source, null);
        parser.ExpectToken(TokenKind.Sof);
        var type = parser.ParseTypeReference();
        parser.ExpectToken(TokenKind.Eof);
        return type;
    }

    // ---- helpers ----

    private Token Current => _lexer.Token;

    private Location Loc(Token start)
    {
        var last = _lexer.LastToken;
        return new Location(start.Start, last.End, start.Line, start.Column);
    }

    private bool Peek(TokenKind kind) => _lexer.Token.Kind == kind;

    private void AdvanceLexer()
    {
        var token = _lexer.Advance();
        if (token.Kind != TokenKind.Eof && _options?.MaxTokens is int max && ++_tokenCount > max)
        {
            throw Error(token, $"Document contains more that {max} tokens. Parsing aborted.");
        }
    }

    private static GraphQLSyntaxException Error(Token token, string description)
        => new(description, token.Line, token.Column, token.Start);

    private Token ExpectToken(TokenKind kind)
    {
        var token = _lexer.Token;
        if (token.Kind == kind)
        {
            AdvanceLexer();
            return token;
        }
        throw Error(token, $"Expected {Token.KindDescription(kind)}, found {token.Description}.");
    }

    private bool ExpectOptionalToken(TokenKind kind)
    {
        if (_lexer.Token.Kind == kind)
        {
            AdvanceLexer();
            return true;
        }
        return false;
    }

    private void ExpectKeyword(string value)
    {
        var token = _lexer.Token;
        if (token.Kind == TokenKind.Name && token.Value == value)
        {
            AdvanceLexer();
            return;
        }
        throw Error(token, $"Expected \"{value}\", found {token.Description}.");
    }

    private bool ExpectOptionalKeyword(string value)
    {
        var token = _lexer.Token;
        if (token.Kind == TokenKind.Name && token.Value == value)
        {
            AdvanceLexer();
            return true;
        }
        return false;
    }

    private GraphQLSyntaxException Unexpected(Token? atToken = null)
    {
        var token = atToken ?? _lexer.Token;
        return Error(token, $"Unexpected {token.Description}.");
    }

    private void Enter()
    {
        if (++_nesting > (_options?.MaxNesting ?? 500))
        {
            throw Error(_lexer.Token, "Document is nested too deeply. Parsing aborted.");
        }
    }

    private void Exit() => _nesting--;

    private List<T> Many<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        ExpectToken(open);
        var nodes = new List<T>();
        do
        {
            nodes.Add(parse());
        } while (!ExpectOptionalToken(close));
        return nodes;
    }

    private IReadOnlyList<T> OptionalMany<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        if (!ExpectOptionalToken(open)) return [];
        var nodes = new List<T>();
        do
        {
            nodes.Add(parse());
        } while (!ExpectOptionalToken(close));
        return nodes;
    }

    private List<T> Any<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        ExpectToken(open);
        var nodes = new List<T>();
        while (!ExpectOptionalToken(close)) nodes.Add(parse());
        return nodes;
    }

    private List<T> DelimitedMany<T>(TokenKind delimiter, Func<T> parse)
    {
        ExpectOptionalToken(delimiter);
        var nodes = new List<T>();
        do
        {
            nodes.Add(parse());
        } while (ExpectOptionalToken(delimiter));
        return nodes;
    }

    // ---- document ----

    private DocumentNode ParseDocument()
    {
        var start = Current;
        var definitions = Many(TokenKind.Sof, ParseDefinition, TokenKind.Eof);
        return new DocumentNode(new Location(0, _lexer.LastToken.End, 1, 1), definitions);
    }

    private DefinitionNode ParseDefinition()
    {
        if (Peek(TokenKind.BraceL)) return ParseOperationDefinition();

        bool hasDescription = PeekDescription();
        var keywordToken = hasDescription ? _lexer.Lookahead() : _lexer.Token;

        if (hasDescription && keywordToken.Kind == TokenKind.BraceL)
        {
            throw Error(_lexer.Token, "Unexpected description, descriptions are not supported on shorthand queries.");
        }

        if (keywordToken.Kind == TokenKind.Name)
        {
            switch (keywordToken.Value)
            {
                case "schema": return ParseSchemaDefinition();
                case "scalar": return ParseScalarTypeDefinition();
                case "type": return ParseObjectTypeDefinition();
                case "interface": return ParseInterfaceTypeDefinition();
                case "union": return ParseUnionTypeDefinition();
                case "enum": return ParseEnumTypeDefinition();
                case "input": return ParseInputObjectTypeDefinition();
                case "directive": return ParseDirectiveDefinition();
                case "query":
                case "mutation":
                case "subscription":
                    return ParseOperationDefinition();
                case "fragment": return ParseFragmentDefinition();
            }
            if (hasDescription)
            {
                throw Error(_lexer.Token, "Unexpected description, only GraphQL definitions support descriptions.");
            }
            if (keywordToken.Value == "extend") return ParseTypeSystemExtension();
        }
        throw Unexpected(keywordToken);
    }

    // ---- operations ----

    private OperationDefinitionNode ParseOperationDefinition()
    {
        var start = Current;
        if (Peek(TokenKind.BraceL))
        {
            var selectionSet = ParseSelectionSet();
            return new OperationDefinitionNode(Loc(start), null, OperationType.Query, null, [], [], selectionSet);
        }
        var description = ParseDescription();
        var operation = ParseOperationType();
        NameNode? name = Peek(TokenKind.Name) ? ParseName() : null;
        var variableDefinitions = OptionalMany(TokenKind.ParenL, ParseVariableDefinition, TokenKind.ParenR);
        var directives = ParseDirectives(false);
        var set = ParseSelectionSet();
        return new OperationDefinitionNode(Loc(start), description, operation, name, variableDefinitions, directives, set);
    }

    private OperationType ParseOperationType()
    {
        var token = ExpectToken(TokenKind.Name);
        return token.Value switch
        {
            "query" => OperationType.Query,
            "mutation" => OperationType.Mutation,
            "subscription" => OperationType.Subscription,
            _ => throw Unexpected(token),
        };
    }

    private VariableDefinitionNode ParseVariableDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var variable = ParseVariable();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        ValueNode? defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        var directives = ParseDirectives(true);
        return new VariableDefinitionNode(Loc(start), description, variable, type, defaultValue, directives);
    }

    private VariableNode ParseVariable()
    {
        var start = Current;
        ExpectToken(TokenKind.Dollar);
        var name = ParseName();
        return new VariableNode(Loc(start), name);
    }

    private SelectionSetNode ParseSelectionSet()
    {
        var start = Current;
        Enter();
        var selections = Many(TokenKind.BraceL, ParseSelection, TokenKind.BraceR);
        Exit();
        return new SelectionSetNode(Loc(start), selections);
    }

    private SelectionNode ParseSelection() => Peek(TokenKind.Spread) ? ParseFragment() : ParseField();

    private FieldNode ParseField()
    {
        var start = Current;
        var nameOrAlias = ParseName();
        NameNode? alias = null;
        NameNode name;
        if (ExpectOptionalToken(TokenKind.Colon))
        {
            alias = nameOrAlias;
            name = ParseName();
        }
        else
        {
            name = nameOrAlias;
        }
        var arguments = ParseArguments(false);
        var directives = ParseDirectives(false);
        var selectionSet = Peek(TokenKind.BraceL) ? ParseSelectionSet() : null;
        return new FieldNode(Loc(start), alias, name, arguments, directives, selectionSet);
    }

    private IReadOnlyList<ArgumentNode> ParseArguments(bool isConst)
        => OptionalMany<ArgumentNode>(TokenKind.ParenL, isConst ? ParseConstArgument : ParseArgument, TokenKind.ParenR);

    private ArgumentNode ParseArgument() => ParseArgumentCore(false);
    private ArgumentNode ParseConstArgument() => ParseArgumentCore(true);

    private ArgumentNode ParseArgumentCore(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var value = ParseValueLiteral(isConst);
        return new ArgumentNode(Loc(start), name, value);
    }

    private SelectionNode ParseFragment()
    {
        var start = Current;
        ExpectToken(TokenKind.Spread);
        bool hasTypeCondition = ExpectOptionalKeyword("on");
        if (!hasTypeCondition && Peek(TokenKind.Name))
        {
            var name = ParseFragmentName();
            var spreadDirectives = ParseDirectives(false);
            return new FragmentSpreadNode(Loc(start), name, spreadDirectives);
        }
        var typeCondition = hasTypeCondition ? ParseNamedType() : null;
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new InlineFragmentNode(Loc(start), typeCondition, directives, selectionSet);
    }

    private FragmentDefinitionNode ParseFragmentDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("fragment");
        var name = ParseFragmentName();
        ExpectKeyword("on");
        var typeCondition = ParseNamedType();
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new FragmentDefinitionNode(Loc(start), description, name, typeCondition, directives, selectionSet);
    }

    private NameNode ParseFragmentName()
    {
        if (_lexer.Token.Value == "on") throw Unexpected();
        return ParseName();
    }

    private NameNode ParseName()
    {
        var token = ExpectToken(TokenKind.Name);
        return new NameNode(new Location(token.Start, token.End, token.Line, token.Column), token.Value!);
    }

    // ---- values ----

    private ValueNode ParseValueLiteral(bool isConst)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.BracketL:
            {
                Enter();
                var values = Any<ValueNode>(TokenKind.BracketL, isConst ? ParseConstValue : ParseNonConstValue, TokenKind.BracketR);
                Exit();
                return new ListValueNode(Loc(token), values);
            }
            case TokenKind.BraceL:
            {
                Enter();
                var fields = Any<ObjectFieldNode>(TokenKind.BraceL, isConst ? ParseConstObjectField : ParseObjectField, TokenKind.BraceR);
                Exit();
                return new ObjectValueNode(Loc(token), fields);
            }
            case TokenKind.Int:
                AdvanceLexer();
                return new IntValueNode(Loc(token), token.Value!);
            case TokenKind.Float:
                AdvanceLexer();
                return new FloatValueNode(Loc(token), token.Value!);
            case TokenKind.String:
            case TokenKind.BlockString:
                return ParseStringLiteral();
            case TokenKind.Name:
                AdvanceLexer();
                return token.Value switch
                {
                    "true" => new BooleanValueNode(Loc(token), true),
                    "false" => new BooleanValueNode(Loc(token), false),
                    "null" => new NullValueNode(Loc(token)),
                    _ => new EnumValueNode(Loc(token), token.Value!),
                };
            case TokenKind.Dollar:
                if (isConst)
                {
                    ExpectToken(TokenKind.Dollar);
                    if (_lexer.Token.Kind == TokenKind.Name)
                    {
                        var varName = _lexer.Token.Value;
                        throw Error(token, $"Unexpected variable \"${varName}\" in constant value.");
                    }
                    throw Unexpected(token);
                }
                return ParseVariable();
            default:
                throw Unexpected();
        }
    }

    private ValueNode ParseConstValue() => ParseValueLiteral(true);
    private ValueNode ParseNonConstValue() => ParseValueLiteral(false);

    private ObjectFieldNode ParseObjectField() => ParseObjectFieldCore(false);
    private ObjectFieldNode ParseConstObjectField() => ParseObjectFieldCore(true);

    private ObjectFieldNode ParseObjectFieldCore(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var value = ParseValueLiteral(isConst);
        return new ObjectFieldNode(Loc(start), name, value);
    }

    private StringValueNode ParseStringLiteral()
    {
        var token = Current;
        AdvanceLexer();
        return new StringValueNode(Loc(token), token.Value!, token.Kind == TokenKind.BlockString);
    }

    // ---- directives ----

    private IReadOnlyList<DirectiveNode> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At)) return [];
        var directives = new List<DirectiveNode>();
        while (Peek(TokenKind.At)) directives.Add(ParseDirective(isConst));
        return directives;
    }

    private DirectiveNode ParseDirective(bool isConst)
    {
        var start = Current;
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var arguments = ParseArguments(isConst);
        return new DirectiveNode(Loc(start), name, arguments);
    }

    // ---- types ----

    private TypeNode ParseTypeReference()
    {
        var start = Current;
        TypeNode type;
        if (ExpectOptionalToken(TokenKind.BracketL))
        {
            Enter();
            var inner = ParseTypeReference();
            Exit();
            ExpectToken(TokenKind.BracketR);
            type = new ListTypeNode(Loc(start), inner);
        }
        else
        {
            type = ParseNamedType();
        }
        if (ExpectOptionalToken(TokenKind.Bang)) return new NonNullTypeNode(Loc(start), type);
        return type;
    }

    private NamedTypeNode ParseNamedType()
    {
        var start = Current;
        var name = ParseName();
        return new NamedTypeNode(Loc(start), name);
    }

    // ---- type system ----

    private bool PeekDescription() => Peek(TokenKind.String) || Peek(TokenKind.BlockString);

    private StringValueNode? ParseDescription() => PeekDescription() ? ParseStringLiteral() : null;

    private SchemaDefinitionNode ParseSchemaDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = Many(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        return new SchemaDefinitionNode(Loc(start), description, directives, operationTypes);
    }

    private OperationTypeDefinitionNode ParseOperationTypeDefinition()
    {
        var start = Current;
        var operation = ParseOperationType();
        ExpectToken(TokenKind.Colon);
        var type = ParseNamedType();
        return new OperationTypeDefinitionNode(Loc(start), operation, type);
    }

    private ScalarTypeDefinitionNode ParseScalarTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new ScalarTypeDefinitionNode(Loc(start), description, name, directives);
    }

    private ObjectTypeDefinitionNode ParseObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        return new ObjectTypeDefinitionNode(Loc(start), description, name, interfaces, directives, fields);
    }

    private IReadOnlyList<NamedTypeNode> ParseImplementsInterfaces()
        => ExpectOptionalKeyword("implements") ? DelimitedMany(TokenKind.Amp, ParseNamedType) : [];

    private IReadOnlyList<FieldDefinitionNode> ParseFieldsDefinition()
        => OptionalMany(TokenKind.BraceL, ParseFieldDefinition, TokenKind.BraceR);

    private FieldDefinitionNode ParseFieldDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        var args = ParseArgumentDefs();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var directives = ParseDirectives(true);
        return new FieldDefinitionNode(Loc(start), description, name, args, type, directives);
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefs()
        => OptionalMany(TokenKind.ParenL, ParseInputValueDef, TokenKind.ParenR);

    private InputValueDefinitionNode ParseInputValueDef()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        ValueNode? defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        var directives = ParseDirectives(true);
        return new InputValueDefinitionNode(Loc(start), description, name, type, defaultValue, directives);
    }

    private InterfaceTypeDefinitionNode ParseInterfaceTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        return new InterfaceTypeDefinitionNode(Loc(start), description, name, interfaces, directives, fields);
    }

    private UnionTypeDefinitionNode ParseUnionTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = ParseUnionMemberTypes();
        return new UnionTypeDefinitionNode(Loc(start), description, name, directives, types);
    }

    private IReadOnlyList<NamedTypeNode> ParseUnionMemberTypes()
        => ExpectOptionalToken(TokenKind.Equals) ? DelimitedMany(TokenKind.Pipe, ParseNamedType) : [];

    private EnumTypeDefinitionNode ParseEnumTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = ParseEnumValuesDefinition();
        return new EnumTypeDefinitionNode(Loc(start), description, name, directives, values);
    }

    private IReadOnlyList<EnumValueDefinitionNode> ParseEnumValuesDefinition()
        => OptionalMany(TokenKind.BraceL, ParseEnumValueDefinition, TokenKind.BraceR);

    private EnumValueDefinitionNode ParseEnumValueDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var token = Current;
        if (token.Value is "true" or "false" or "null")
        {
            throw Error(token, $"{token.Description} is reserved and cannot be used for an enum value.");
        }
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new EnumValueDefinitionNode(Loc(start), description, name, directives);
    }

    private InputObjectTypeDefinitionNode ParseInputObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = ParseInputFieldsDefinition();
        return new InputObjectTypeDefinitionNode(Loc(start), description, name, directives, fields);
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseInputFieldsDefinition()
        => OptionalMany(TokenKind.BraceL, ParseInputValueDef, TokenKind.BraceR);

    private DirectiveDefinitionNode ParseDirectiveDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("directive");
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var args = ParseArgumentDefs();
        bool repeatable = ExpectOptionalKeyword("repeatable");
        ExpectKeyword("on");
        var locations = DelimitedMany(TokenKind.Pipe, ParseDirectiveLocation);
        return new DirectiveDefinitionNode(Loc(start), description, name, args, repeatable, locations);
    }

    private NameNode ParseDirectiveLocation()
    {
        var start = Current;
        var name = ParseName();
        if (Types.DirectiveLocationNames.TryParse(name.Value, out _)) return name;
        throw Unexpected(start);
    }

    private TypeSystemDefinitionNode ParseTypeSystemExtension()
    {
        var keywordToken = _lexer.Lookahead();
        if (keywordToken.Kind == TokenKind.Name)
        {
            switch (keywordToken.Value)
            {
                case "schema": return ParseSchemaExtension();
                case "scalar": return ParseScalarTypeExtension();
                case "type": return ParseObjectTypeExtension();
                case "interface": return ParseInterfaceTypeExtension();
                case "union": return ParseUnionTypeExtension();
                case "enum": return ParseEnumTypeExtension();
                case "input": return ParseInputObjectTypeExtension();
            }
        }
        throw Unexpected(keywordToken);
    }

    private SchemaExtensionNode ParseSchemaExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = OptionalMany(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        if (directives.Count == 0 && operationTypes.Count == 0) throw Unexpected();
        return new SchemaExtensionNode(Loc(start), directives, operationTypes);
    }

    private ScalarTypeExtensionNode ParseScalarTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(true);
        if (directives.Count == 0) throw Unexpected();
        return new ScalarTypeExtensionNode(Loc(start), name, directives);
    }

    private ObjectTypeExtensionNode ParseObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new ObjectTypeExtensionNode(Loc(start), name, interfaces, directives, fields);
    }

    private InterfaceTypeExtensionNode ParseInterfaceTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new InterfaceTypeExtensionNode(Loc(start), name, interfaces, directives, fields);
    }

    private UnionTypeExtensionNode ParseUnionTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = ParseUnionMemberTypes();
        if (directives.Count == 0 && types.Count == 0) throw Unexpected();
        return new UnionTypeExtensionNode(Loc(start), name, directives, types);
    }

    private EnumTypeExtensionNode ParseEnumTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = ParseEnumValuesDefinition();
        if (directives.Count == 0 && values.Count == 0) throw Unexpected();
        return new EnumTypeExtensionNode(Loc(start), name, directives, values);
    }

    private InputObjectTypeExtensionNode ParseInputObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = ParseInputFieldsDefinition();
        if (directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new InputObjectTypeExtensionNode(Loc(start), name, directives, fields);
    }
}
