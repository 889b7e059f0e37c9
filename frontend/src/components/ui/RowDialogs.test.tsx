import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RowDialogs, useRowDialog } from './RowDialogs';

let setters: Record<string, (opened: boolean) => void> = {};

function Row({ id }: { id: string }) {
  const [opened, setOpened] = useRowDialog(`remove:${id}`);
  setters[id] = setOpened;
  return <li data-testid={id}>{opened ? 'open' : 'closed'}</li>;
}

/** The same rows as a table-like or a card-like list: switching draws every row anew. */
function List({ ids, cards }: { ids: string[]; cards: boolean }) {
  const rows = ids.map((id) => <Row key={id} id={id} />);
  return <RowDialogs>{cards ? <ul>{rows}</ul> : <ol>{rows}</ol>}</RowDialogs>;
}

const state = (id: string) => screen.getByTestId(id).textContent;

describe('useRowDialog', () => {
  it('keeps a row’s dialog open when the row is drawn anew in another layout', async () => {
    setters = {};
    const { rerender } = render(<List ids={['a', 'b']} cards={false} />);
    act(() => setters.a?.(true));
    expect(state('a')).toBe('open');
    await act(async () => rerender(<List ids={['a', 'b']} cards />));
    expect(state('a')).toBe('open');
    expect(state('b')).toBe('closed');
  });

  it('forgets the dialog of a row that is gone, so that it does not open by itself when the row returns', async () => {
    setters = {};
    const { rerender } = render(<List ids={['a', 'b']} cards={false} />);
    act(() => setters.a?.(true));
    await act(async () => rerender(<List ids={['b']} cards={false} />));
    await act(async () => rerender(<List ids={['a', 'b']} cards={false} />));
    expect(state('a')).toBe('closed');
  });

  it('lets a late close leave another row’s dialog open', () => {
    setters = {};
    render(<List ids={['a', 'b']} cards={false} />);
    act(() => setters.a?.(true));
    const closeA = setters.a;
    act(() => setters.b?.(true));
    act(() => closeA?.(false));
    expect(state('a')).toBe('closed');
    expect(state('b')).toBe('open');
  });

  it('keeps the state in the component outside a RowDialogs', () => {
    setters = {};
    render(
      <ul>
        <Row id="a" />
      </ul>,
    );
    act(() => setters.a?.(true));
    expect(state('a')).toBe('open');
  });
});
