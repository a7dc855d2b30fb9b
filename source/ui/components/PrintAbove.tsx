import { Box, Static, Text } from 'ink';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { tint } from '../colors.js';

interface Printed {
  id: number;
  text: string;
  color?: string;
}

const PrintContext = createContext<(text: string, color?: string) => void>(() => {});

/**
 * Lines printed once above the wizard, e.g. the login URL. ink's <Static> must stay mounted for the
 * whole run: one that unmounts with its step leaves ink a stale node that it then lays out with no
 * width (a never-ending render). So it lives here, at the top, and steps print through the context.
 */
export function PrintAboveProvider({ children }: { children: ReactNode }) {
  const [lines, setLines] = useState<Printed[]>([]);
  const print = useCallback((text: string, color?: string) => {
    setLines((all) => [...all, { id: all.length, text, color }]);
  }, []);
  const value = useMemo(() => print, [print]);
  return (
    <PrintContext.Provider value={value}>
      <Static items={lines}>
        {(line) => (
          // As wide as the text: ink's wrapping would put newlines into a URL someone copies.
          <Box key={line.id} width={Math.max(1, line.text.length)}>
            <Text color={line.color ? tint(line.color) : undefined}>{line.text}</Text>
          </Box>
        )}
      </Static>
      {children}
    </PrintContext.Provider>
  );
}

/** Prints a line above the wizard, once. */
export function usePrintAbove(): (text: string, color?: string) => void {
  return useContext(PrintContext);
}
