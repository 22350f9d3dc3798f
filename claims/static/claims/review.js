/*
 * An article's review page (admin/claims/article_review.html).
 *
 * - Words selected in the text open the add panel: the selection is the statement's span and
 *   quote, counted in characters (code points) of the body as the server stores it, the speaker
 *   is found with the admin's autocomplete, the claim chosen among the speaker's or made new, and
 *   the mode defaults from the quotation marks around the words.
 * - The page's forms (add, confirm and classify, reject) are posted asking for JSON; the answer
 *   updates the text, the cards and the reviewed list in place, so what is typed elsewhere on the
 *   page stays. A refused post shows its errors beside the form and keeps what was typed.
 * Without this script the confirm and classify forms post as plain forms.
 */
'use strict';
{
    const $ = window.django && window.django.jQuery;
    // As claims/services/statements.py: marks that open or close a direct quote.
    const QUOTATION_MARKS = new Set(['“', '”', '"', '«', '»']);
    const SPACE = /\s/u;

    const body = document.getElementById('article-body');
    const panel = document.getElementById('add-statement');
    const addForm = document.getElementById('add-statement-form');
    const messages = document.getElementById('review-messages');
    const candidateList = document.getElementById('candidate-list');

    function showMessage(text, level) {
        messages.replaceChildren();
        if (!text) {
            return;
        }
        const list = document.createElement('ul');
        list.className = 'messagelist';
        const item = document.createElement('li');
        item.className = level;
        const words = document.createElement('span');
        words.textContent = text;
        const close = document.createElement('button');
        close.type = 'button';
        close.className = 'close';
        close.textContent = '×';
        close.setAttribute('aria-label', messages.dataset.close);
        close.addEventListener('click', () => messages.replaceChildren());
        item.append(words, close);
        list.append(item);
        messages.append(list);
    }

    function showErrors(container, errors) {
        container.replaceChildren();
        if (!errors.length) {
            return;
        }
        const list = document.createElement('ul');
        list.className = 'errorlist';
        for (const error of errors) {
            const item = document.createElement('li');
            item.textContent = error;
            list.append(item);
        }
        container.append(list);
    }

    function fromHtml(html) {
        const template = document.createElement('template');
        template.innerHTML = html.trim();
        return template.content.firstElementChild;
    }

    // select2 widgets in a card the page did not start with: Django's autocomplete.js sets up
    // those of an element that announces itself as a new formset row.
    function startWidgets(element) {
        element.dispatchEvent(new CustomEvent('formset:added', {bubbles: true}));
    }

    // --- answers ------------------------------------------------------------------------------

    function placeCard(card) {
        const start = Number(card.dataset.start);
        const later = [...candidateList.querySelectorAll('.statement-card')]
            .find((other) => Number(other.dataset.start) > start);
        candidateList.insertBefore(card, later || null);
    }

    function apply(answer) {
        body.innerHTML = answer.body_html;
        document.getElementById('reviewed-section').innerHTML = answer.reviewed_html;
        for (const id of answer.removed) {
            const card = document.getElementById(`candidate-${id}`);
            if (card) {
                card.remove();
            }
        }
        for (const [id, html] of Object.entries(answer.cards)) {
            const card = fromHtml(html);
            const shown = document.getElementById(`candidate-${id}`);
            if (shown && shown.dataset.edited) {
                continue; // what the fact-checker typed there stays; saving it tells of the change
            }
            if (shown) {
                shown.replaceWith(card);
            } else {
                placeCard(card);
                card.classList.add('updated');
            }
            startWidgets(card);
        }
        document.getElementById('candidate-count').textContent = answer.candidates;
        document.getElementById('no-candidates').hidden = answer.candidates > 0;
        showMessage(answer.message, 'success');
    }

    async function post(form, submitter, errors) {
        const data = new FormData(form, submitter);
        const buttons = form.querySelectorAll('button');
        buttons.forEach((button) => { button.disabled = true; });
        try {
            // Not form.action: the add form has a field named "action", which that property would name.
            const response = await fetch(form.getAttribute('action') || window.location.href, {
                method: 'POST',
                body: data,
                headers: {Accept: 'application/json'},
                credentials: 'same-origin',
            });
            const type = response.headers.get('Content-Type') || '';
            if (!type.startsWith('application/json')) {
                showErrors(errors, [`${response.status} ${response.statusText}`]);
                return false;
            }
            const answer = await response.json();
            if (!response.ok) {
                showErrors(errors, answer.errors || []);
                return false;
            }
            showErrors(errors, []);
            apply(answer);
            return true;
        } catch (error) {
            showErrors(errors, [String(error)]);
            return false;
        } finally {
            buttons.forEach((button) => { button.disabled = false; });
        }
    }

    // --- candidates: confirm and classify, or reject --------------------------------------------

    if (candidateList) {
        candidateList.addEventListener('submit', (event) => {
            const form = event.target.closest('.classify-form');
            if (!form) {
                return;
            }
            event.preventDefault();
            post(form, event.submitter, form.querySelector('.panel-errors'));
        });
        const edited = (event) => {
            const card = event.target.closest && event.target.closest('.statement-card');
            if (card) {
                card.dataset.edited = 'yes';
            }
        };
        candidateList.addEventListener('input', edited);
        if ($) {
            $(candidateList).on('change', 'select', edited); // select2 changes its select through jQuery
        }
    }

    // --- adding a statement from a selection ----------------------------------------------------

    if (panel && body && $) {
        startAddPanel();
    }

    function startAddPanel() {
        document.getElementById('selection-hint').hidden = false;
        const field = (name) => addForm.elements[`add-${name}`];
        const claimSelect = document.getElementById('id_add-claim');
        const newClaimFields = document.getElementById('new-claim-fields');
        const addErrors = document.getElementById('add-errors');

        function codePoints(text) {
            return Array.from(text).length;
        }

        // The selection as a span of the body in code points, whitespace and the quotation marks at
        // its edges left out (the corpus's quotes do not include them); null if none is in the text.
        function selectedSpan() {
            const selection = window.getSelection();
            if (!selection.rangeCount || selection.isCollapsed) {
                return null;
            }
            const range = selection.getRangeAt(0).cloneRange();
            const whole = document.createRange();
            whole.selectNodeContents(body);
            if (range.compareBoundaryPoints(Range.END_TO_START, whole) >= 0
                || range.compareBoundaryPoints(Range.START_TO_END, whole) <= 0) {
                return null; // wholly outside the text
            }
            if (range.compareBoundaryPoints(Range.START_TO_START, whole) < 0) {
                range.setStart(body, 0);
            }
            if (range.compareBoundaryPoints(Range.END_TO_END, whole) > 0) {
                range.setEnd(body, body.childNodes.length);
            }
            const before = document.createRange();
            before.setStart(body, 0);
            before.setEnd(range.startContainer, range.startOffset);
            const text = Array.from(body.textContent);
            let start = codePoints(before.toString());
            let end = start + codePoints(range.toString());
            const trimmed = (at) => SPACE.test(text[at]) || QUOTATION_MARKS.has(text[at]);
            while (start < end && trimmed(start)) {
                start += 1;
            }
            while (end > start && trimmed(end - 1)) {
                end -= 1;
            }
            if (start >= end) {
                return null;
            }
            return {start, end, text};
        }

        // As mode_from_quotation_marks() on the server: direct when a quotation mark opens or closes
        // at the span's edge, just inside or just outside it.
        function modeOf(span) {
            const edges = [span.start - 1, span.start, span.end - 1, span.end];
            return edges.some((at) => QUOTATION_MARKS.has(span.text[at])) ? 'direct' : 'indirect';
        }

        // The DOM range of a span given in code points, for the highlight that keeps the chosen
        // words marked while the panel is filled in (the selection itself goes on a click).
        function rangeAt(start, end) {
            const range = document.createRange();
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            let position = 0;
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const characters = Array.from(node.data);
                const next = position + characters.length;
                const offset = (at) => characters.slice(0, at - position).join('').length;
                if (start >= position && start < next) {
                    range.setStart(node, offset(start));
                }
                if (end > position && end <= next) {
                    range.setEnd(node, offset(end));
                    break;
                }
                position = next;
            }
            return range;
        }

        function markChosen(span) {
            if (window.CSS && CSS.highlights) {
                CSS.highlights.delete('chosen-words');
                if (span) {
                    CSS.highlights.set('chosen-words', new Highlight(rangeAt(span.start, span.end)));
                }
            }
        }

        function onSelection() {
            const span = selectedSpan();
            if (!span) {
                return;
            }
            const quote = span.text.slice(span.start, span.end).join('');
            field('start').value = span.start;
            field('end').value = span.end;
            field('quote').value = quote;
            document.getElementById('selected-quote').textContent = quote;
            const where = document.getElementById('selected-span');
            where.textContent = where.dataset.template.replace('{start}', span.start).replace('{end}', span.end);
            markChosen(span);
            const mode = modeOf(span);
            for (const radio of addForm.querySelectorAll('input[name="add-mode"]')) {
                radio.checked = radio.value === mode;
            }
            showErrors(addErrors, []);
            panel.hidden = false;
        }

        document.addEventListener('selectionchange', onSelection);

        function showNewClaim() {
            newClaimFields.hidden = claimSelect.value !== 'new';
        }

        async function loadClaims() {
            const speaker = field('speaker').value;
            claimSelect.querySelectorAll('optgroup').forEach((group) => group.remove());
            claimSelect.disabled = !speaker;
            claimSelect.options[0].textContent = speaker
                ? claimSelect.dataset.chooseClaim
                : claimSelect.dataset.chooseSpeaker;
            if (!speaker) {
                claimSelect.value = '';
                showNewClaim();
                return;
            }
            const url = new URL(addForm.dataset.claimsUrl, window.location.href);
            url.searchParams.set('speaker', speaker);
            const response = await fetch(url, {headers: {Accept: 'application/json'}, credentials: 'same-origin'});
            if (!response.ok) {
                showErrors(addErrors, [`${response.status} ${response.statusText}`]);
                return;
            }
            const {results} = await response.json();
            if (results.length) {
                const group = document.createElement('optgroup');
                group.label = claimSelect.dataset.speakersClaims;
                for (const claim of results) {
                    group.append(new Option(claim.text, claim.id));
                }
                claimSelect.append(group);
            }
            claimSelect.value = results.length ? '' : 'new';
            showNewClaim();
        }

        function closePanel() {
            panel.hidden = true;
            markChosen(null);
            addForm.reset();
            $(field('speaker')).val(null).trigger('change');
            $(field('topic')).val(null).trigger('change');
            showErrors(addErrors, []);
        }

        $(field('speaker')).on('change', loadClaims);
        claimSelect.addEventListener('change', showNewClaim);
        document.getElementById('add-cancel').addEventListener('click', closePanel);
        addForm.addEventListener('submit', async (event) => {
            event.preventDefault();
            if (await post(addForm, event.submitter, addErrors)) {
                closePanel();
                window.getSelection().removeAllRanges();
            }
        });
    }
}
