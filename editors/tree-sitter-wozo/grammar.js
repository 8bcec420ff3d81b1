/**
 * @file tree-sitter grammar for the wozorules rule language (*.wozo)
 *
 * It follows the real grammar, lang/lexer.l and lang/parser.y, rule for rule,
 * with bison's precedences, so that every file the program accepts parses
 * without an error here. tests/editors.sh parses every .wozo file of the
 * repository with it. Differences, all on the side of accepting more:
 * comparisons may be chained (the program reports that as an error with a
 * hint), and names are ASCII only, as in the program.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// From lowest to highest, as the %left/%precedence lines of parser.y.
const PREC = {
  where: 1,
  if: 2,
  or: 3,
  and: 4,
  not: 5,
  compare: 6,
  add: 7,
  mul: 8,
  neg: 9,
  postfix: 10,
};

// The digits of a number: 12, 1_000_000, 0.25.
const NUM = /[0-9][0-9_]*(\.[0-9][0-9_]*)?/;

function commaSep1(rule) {
  return seq(rule, repeat(seq(',', rule)));
}

module.exports = grammar({
  name: 'wozo',

  extras: $ => [/\s/, $.comment],

  // Keywords are the literal words below that an identifier would match.
  word: $ => $.identifier,

  rules: {
    source_file: $ => repeat($._declaration),

    _declaration: $ => choice(
      $.scale_declaration,
      $.kind_declaration,
      $.thing_declaration,
      $.dataset_declaration,
      $.criterion_declaration,
      $.function_declaration,
      $.judgement_declaration,
      $.test_declaration,
      $.as_of_declaration,
    ),

    // ---- scales ----

    scale_declaration: $ => seq(
      'scale',
      field('name', $.identifier),
      optional(field('title', $.string)),
      '{',
      $.scale_word,
      repeat(seq('<', $.scale_word)),
      '}',
    ),

    scale_word: $ => seq(field('name', $.identifier), optional(field('title', $.string))),

    // ---- kinds and types ----

    kind_declaration: $ => seq(
      'kind',
      field('name', $.identifier),
      optional(field('title', $.string)),
      '{',
      repeat($.field_declaration),
      '}',
    ),

    field_declaration: $ => seq(field('name', $.identifier), ':', field('type', $._type)),

    _type: $ => choice($._base_type, $.optional_type),

    optional_type: $ => seq($._base_type, '?'),

    _base_type: $ => choice(
      alias($.identifier, $.type_identifier),
      $.list_type,
      $.map_type,
    ),

    list_type: $ => seq('list', 'of', $._base_type),

    map_type: $ => seq('map', 'of', $._base_type, 'to', $._base_type),

    // ---- things: `indicator vroegsignalering "Vroegsignalering" { ... }` ----

    thing_declaration: $ => seq(
      field('kind', alias($.identifier, $.type_identifier)),
      field('name', $.identifier),
      optional(field('title', $.string)),
      optional(seq('{', repeat($.field_value), '}')),
    ),

    field_value: $ => seq(field('name', $.identifier), ':', field('value', $._expression)),

    // ---- datasets ----

    dataset_declaration: $ => seq(
      'dataset',
      field('name', $.identifier),
      ':',
      field('type', $._type),
      'from',
      field('path', $.string),
    ),

    // ---- criteria ----

    criterion_declaration: $ => seq(
      'criterion',
      field('name', $.identifier),
      optional(seq(':', field('scale', alias($.identifier, $.type_identifier)))),
      optional(field('title', $.string)),
      'for',
      field('kind', alias($.identifier, $.type_identifier)),
      field('subject', $.identifier),
      optional(seq('in', field('in', $._postfix))),
      optional(seq('where', field('where', $._expression))),
      '{',
      repeat(choice($.let_binding, $.criterion_row)),
      '}',
    ),

    let_binding: $ => seq('let', field('name', $.identifier), '=', field('value', $._expression)),

    criterion_row: $ => seq(
      choice(seq('when', field('condition', $._expression)), 'otherwise'),
      '=>',
      field('verdict', alias($.identifier, $.verdict)),
      optional(field('message', $.string)),
    ),

    // ---- functions ----

    function_declaration: $ => seq(
      'function',
      field('name', $.identifier),
      '(',
      optional(commaSep1($.parameter)),
      ')',
      ':',
      field('result', $._type),
      choice(
        seq('=', field('body', $._expression)),
        seq('{', repeat(choice($.let_binding, $.function_row)), '}'),
      ),
    ),

    parameter: $ => seq(field('name', $.identifier), ':', field('type', $._type)),

    function_row: $ => seq(
      choice(seq('when', field('condition', $._expression)), 'otherwise'),
      '=>',
      field('value', $._expression),
    ),

    // ---- judgements, tests, the evaluation date ----

    judgement_declaration: $ => seq(
      'judgement',
      field('criterion', $.identifier),
      'for',
      field('subject', $._postfix),
      '{',
      repeat($.field_value),
      '}',
    ),

    test_declaration: $ => seq(
      'test',
      field('title', $.string),
      '{',
      repeat(choice($.test_data, $.expectation, $.as_of_declaration)),
      '}',
    ),

    test_data: $ => seq('data', field('name', $.identifier), 'from', field('path', $.string)),

    // `expect EXPR`, or a snapshot: `expect findings "FILE"`.
    expectation: $ => seq(
      'expect',
      choice(
        field('condition', $._expression),
        seq(field('name', $.identifier), field('path', $.string)),
      ),
    ),

    as_of_declaration: $ => seq('as_of', field('date', $._expression)),

    // ---- expressions ----

    _expression: $ => choice(
      $.where_expression,
      $.if_expression,
      $.binary_expression,
      $.unary_expression,
      $._postfix,
    ),

    where_expression: $ => prec.left(PREC.where, seq(
      field('collection', $._expression),
      'where',
      field('condition', $._expression),
    )),

    if_expression: $ => prec.right(PREC.if, seq(
      'if', field('condition', $._expression),
      'then', field('consequence', $._expression),
      'else', field('alternative', $._expression),
    )),

    binary_expression: $ => choice(
      ...[
        ['or', PREC.or],
        ['and', PREC.and],
        ['==', PREC.compare],
        ['!=', PREC.compare],
        ['<', PREC.compare],
        ['<=', PREC.compare],
        ['>', PREC.compare],
        ['>=', PREC.compare],
        ['in', PREC.compare],
        [$.not_in, PREC.compare],
        ['+', PREC.add],
        ['-', PREC.add],
        ['*', PREC.mul],
        ['/', PREC.mul],
      ].map(([op, p]) => prec.left(/** @type {number} */ (p), seq(
        field('left', $._expression),
        field('operator', /** @type {RuleOrLiteral} */ (op)),
        field('right', $._expression),
      ))),
    ),

    // `not in` is one word, as in the scanner: "not", blanks or line
    // breaks, "in".
    not_in: _ => token(prec(1, /not[ \t\f\v\r\n]+in/)),

    unary_expression: $ => choice(
      prec(PREC.not, seq(field('operator', 'not'), field('operand', $._expression))),
      prec(PREC.neg, seq(field('operator', '-'), field('operand', $._expression))),
    ),

    _postfix: $ => choice(
      $._primary,
      $.field_access,
      $.index_expression,
    ),

    field_access: $ => prec(PREC.postfix, seq(
      field('object', $._postfix), '.', field('field', alias($.identifier, $.field_identifier)),
    )),

    index_expression: $ => prec(PREC.postfix, seq(
      field('object', $._postfix), '[', field('index', $._expression), ']',
    )),

    _primary: $ => choice(
      $.number,
      $.percentage,
      $.money,
      $.date,
      $.boolean,
      $.string,
      $.identifier,
      $.call,
      $.parenthesized_expression,
      $.list,
      $.record,
    ),

    call: $ => seq(
      field('function', $.identifier),
      '(',
      optional(commaSep1(choice($._expression, $.pair))),
      ')',
    ),

    // `count(r in regions: r.population)`: a collection and an expression.
    pair: $ => seq(field('key', $._expression), ':', field('value', $._expression)),

    parenthesized_expression: $ => seq('(', $._expression, ')'),

    list: $ => seq('[', optional(seq(commaSep1($._expression), optional(','))), ']'),

    record: $ => seq('{', optional(seq(commaSep1($.record_field), optional(','))), '}'),

    record_field: $ => seq(field('name', alias($.identifier, $.field_identifier)), ':', field('value', $._expression)),

    // ---- literals ----

    boolean: _ => choice('true', 'false'),

    number: _ => token(NUM),

    // 50% and 12.5% are the numbers 0.5 and 0.125.
    percentage: _ => token(seq(NUM, '%')),

    // EUR 312_000_000, EUR 12.50.
    money: _ => token(seq('EUR', /[ \t]+/, NUM)),

    // 2024-08-02: one token, so `2024-08-02` is never a subtraction.
    date: _ => token(prec(1, /[0-9]{4}-[0-9]{2}-[0-9]{2}/)),

    // Text does not span lines; "{expr}" inserts a value.
    string: $ => seq(
      '"',
      repeat(choice($.string_content, $.escape_sequence, $.interpolation)),
      '"',
    ),

    string_content: _ => token.immediate(prec(1, /[^"\\{\r\n]+/)),

    escape_sequence: _ => token.immediate(/\\["\\{}nt]/),

    interpolation: $ => seq('{', $._expression, '}'),

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    comment: _ => token(seq('#', /[^\r\n]*/)),
  },
});
