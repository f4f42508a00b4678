import { NavLink, type NavLinkProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type MantineNavLinkProps = Omit<NavLinkProps, 'href'> & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof NavLinkProps>;

const MantineNavLinkAnchor = forwardRef<HTMLAnchorElement, MantineNavLinkProps>(function MantineNavLinkAnchor(props, ref) {
  return <NavLink component="a" ref={ref} {...props} />;
});

const CreatedNavLink = createLink(MantineNavLinkAnchor);

/** Mantine's NavLink as a router link (client-side navigation, `aria-current="page"` when active). */
export const RouterNavLink: LinkComponent<typeof MantineNavLinkAnchor> = (props) => <CreatedNavLink preload={false} {...props} />;
