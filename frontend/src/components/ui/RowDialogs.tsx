// Which dialog a list's rows have open, kept by the list instead of by the
// row that opened it. The member list draws its rows as a table, or as cards
// at phone width: crossing that width (a window resized, a tablet turned,
// the page zoomed) draws every row anew, and a confirmation whose open state
// lived in its row closed under the person's hands. A row asks for its
// dialog by a key (what it does and to whom); outside a RowDialogs, the
// component keeps the state itself.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type Dispatch, type ReactNode, type SetStateAction } from 'react';

interface Kept {
  open: string | null;
  setOpen: Dispatch<SetStateAction<string | null>>;
  /** A component showing the dialog `key` is mounted; the returned function says it is gone. */
  claim(key: string): () => void;
}

const RowDialogsContext = createContext<Kept | null>(null);

export function RowDialogs({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<string | null>(null);
  const claims = useRef(new Map<string, number>());
  const claim = useCallback((key: string) => {
    const m = claims.current;
    m.set(key, (m.get(key) ?? 0) + 1);
    return () => {
      m.set(key, (m.get(key) ?? 1) - 1);
      // A row drawn anew in the other layout claims its key again in the
      // same commit; a row that is gone (or whose action went) does not, and
      // its dialog must not open by itself should the row come back.
      queueMicrotask(() => {
        if (m.get(key)) return;
        m.delete(key);
        setOpen((current) => (current === key ? null : current));
      });
    };
  }, []);
  const value = useMemo(() => ({ open, setOpen, claim }), [open, claim]);
  return <RowDialogsContext.Provider value={value}>{children}</RowDialogsContext.Provider>;
}

/** Whether the dialog `key` is open, and its setter: kept by the nearest RowDialogs, or by the caller outside one. */
export function useRowDialog(key: string): [opened: boolean, setOpened: (opened: boolean) => void] {
  const kept = useContext(RowDialogsContext);
  const [own, setOwn] = useState(false);
  const setKept = kept?.setOpen;
  const claim = kept?.claim;
  useEffect(() => claim?.(key), [claim, key]);
  const setOpened = useCallback(
    (opened: boolean) => {
      if (!setKept) return setOwn(opened);
      // A late close (a mutation answering) leaves another row's dialog, opened since, open.
      setKept((current) => (opened ? key : current === key ? null : current));
    },
    [setKept, key],
  );
  return [kept ? kept.open === key : own, setOpened];
}
