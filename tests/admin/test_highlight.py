"""The review page's marked-up body: exact spans, escaped text, well-nested marks when spans overlap."""

from html.parser import HTMLParser

import pytest

from claims.admin.highlight import Span, highlight


class MarkReader(HTMLParser):
    """Reads highlight()'s output back: the whole text, each statement's text, and tag nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.by_statement: dict[int, str] = {}
        self.marks: list[dict] = []
        self.open: list[dict] = []
        self.other_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag != "mark":
            self.other_tags.append(tag)
            return
        mark = dict(attrs)
        mark["parent"] = self.open[-1]["data-statement-id"] if self.open else None
        self.marks.append(mark)
        self.open.append(mark)

    def handle_endtag(self, tag):
        assert tag == "mark", f"unexpected </{tag}>"
        assert self.open, "a </mark> closes nothing"
        self.open.pop()

    def handle_data(self, data):
        self.text += data
        for mark in self.open:
            key = int(mark["data-statement-id"])
            self.by_statement[key] = self.by_statement.get(key, "") + data


def read(html: str) -> MarkReader:
    reader = MarkReader()
    reader.feed(str(html))
    reader.close()
    assert reader.open == [], "every <mark> is closed"
    return reader


BODY = "Hội đàm\nÔng Putin nói: “Nga không có ý định tấn công ai”. Nhà Trắng cho biết đàm phán sẽ tiếp tục."


def span_of(body: str, quote: str, id: int, status: str = "candidate") -> Span:
    start = body.index(quote)
    return Span(id=id, start=start, end=start + len(quote), status=status)


def test_each_statement_is_marked_at_exactly_its_span():
    spans = [
        span_of(BODY, "Nga không có ý định tấn công ai", 1),
        span_of(BODY, "đàm phán sẽ tiếp tục", 2, "verified"),
    ]
    reader = read(highlight(BODY, spans))
    assert reader.text == BODY  # nothing added, dropped or moved
    assert reader.by_statement == {1: "Nga không có ý định tấn công ai", 2: "đàm phán sẽ tiếp tục"}
    assert [(m["id"], m["class"]) for m in reader.marks] == [
        ("statement-1", "statement status-candidate"),
        ("statement-2", "statement status-verified"),
    ]


def test_text_and_titles_are_escaped():
    body = 'Trước <script>alert("x")</script> & <b>đậm</b> sau'
    quote = "<b>đậm</b>"
    html = highlight(
        body, [Span(7, body.index(quote), body.index(quote) + len(quote), "candidate", '"><img>')]
    )
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    reader = read(html)
    assert reader.other_tags == []  # the only tags are the marks
    assert reader.text == body
    assert reader.by_statement == {7: quote}
    assert reader.marks[0]["title"] == '"><img>'


def test_a_span_inside_another_is_nested_in_its_mark():
    outer = span_of(BODY, "Ông Putin nói: “Nga không có ý định tấn công ai”", 1)
    inner = span_of(BODY, "Nga không có ý định tấn công ai", 2)
    reader = read(highlight(BODY, [inner, outer]))
    assert reader.text == BODY
    assert reader.by_statement == {
        1: "Ông Putin nói: “Nga không có ý định tấn công ai”",
        2: "Nga không có ý định tấn công ai",
    }
    assert [(m["data-statement-id"], m["parent"]) for m in reader.marks] == [("1", None), ("2", "1")]


def test_crossing_spans_are_split_and_stay_well_nested():
    body = "abcdefghijklmnop"
    first, second = Span(1, 2, 8, "verified"), Span(2, 5, 12, "candidate")
    reader = read(highlight(body, [second, first]))
    assert reader.text == body
    assert reader.by_statement == {1: body[2:8], 2: body[5:12]}
    # The second span opens inside the first, then reopens (continued) when the first closes.
    assert [(m["data-statement-id"], m["parent"], "continued" in m["class"]) for m in reader.marks] == [
        ("1", None, False),
        ("2", "1", False),
        ("2", None, True),
    ]
    assert sum("id" in m for m in reader.marks) == 2  # one anchor per statement


def test_spans_sharing_an_end_or_the_whole_text():
    body = "Matxcơva phủ nhận"
    spans = [
        Span(1, 0, len(body), "rejected"),
        Span(2, 9, len(body), "candidate"),
        Span(3, 0, len(body), "verified"),
    ]
    reader = read(highlight(body, spans))
    assert reader.text == body
    assert reader.by_statement == {1: body, 2: "phủ nhận", 3: body}


def test_a_body_without_statements_is_just_escaped():
    assert highlight("a < b", []) == "a &lt; b"


def test_a_span_outside_the_body_is_a_bug_not_a_silent_cut():
    with pytest.raises(ValueError, match="outside the body"):
        highlight("short", [Span(1, 2, 50, "candidate")])
