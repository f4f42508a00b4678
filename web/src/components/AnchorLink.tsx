import { Anchor, type AnchorProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type MantineAnchorProps = AnchorProps & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof AnchorProps>;

const MantineAnchor = forwardRef<HTMLAnchorElement, MantineAnchorProps>(function MantineAnchor(props, ref) {
  return <Anchor component="a" ref={ref} {...props} />;
});

const CreatedAnchorLink = createLink(MantineAnchor);

/** Mantine's Anchor as a typed router link (client-side navigation). */
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchorLink preload={false} {...props} />;
