import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { tint } from '../colors.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** An interval-driven spinner with a label (ink has none built in). */
export function Spinner({ label }: { label: string }) {
  const [frame, setFrame] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % FRAMES.length), 80);
    return () => clearInterval(timer);
  }, []);
  return (
    <Text>
      <Text color={tint('cyan')}>{FRAMES[frame]}</Text> {label}
    </Text>
  );
}
