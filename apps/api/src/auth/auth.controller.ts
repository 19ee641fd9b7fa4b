import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  changePasswordSchema,
  loginSchema,
  signupSchema,
  switchWorkspaceSchema,
  type AuthStatus,
  type ChangePassword,
  type Login,
  type Me,
  type Signup,
} from '@foretell/contracts';
import { z } from 'zod';
import { CurrentActor, MinRole, Public, type Actor } from './actor';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Get('status')
  status(): Promise<AuthStatus> {
    return this.auth.status();
  }

  @Public()
  @Post('signup')
  signup(@Body({ schema: signupSchema }) body: Signup, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Me> {
    return this.auth.signup(body, req, res);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  login(@Body({ schema: loginSchema }) body: Login, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<Me> {
    return this.auth.login(body, req, res);
  }

  /** Ends this session; with an API key, 400 (a key is revoked instead, not signed out). */
  @Post('logout')
  @MinRole('viewer')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(actor, res);
  }

  @Post('logout-all')
  @MinRole('viewer')
  @HttpCode(204)
  async logoutEverywhere(@CurrentActor() actor: Actor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logoutEverywhere(actor, res);
  }

  @Post('password')
  @MinRole('viewer')
  @HttpCode(204)
  async changePassword(@CurrentActor() actor: Actor, @Body({ schema: changePasswordSchema }) body: ChangePassword): Promise<void> {
    await this.auth.changePassword(actor, body);
  }

  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<Me> {
    return this.auth.me(actor);
  }

  @Post('workspace')
  @MinRole('viewer')
  @HttpCode(200)
  switchWorkspace(@CurrentActor() actor: Actor, @Body({ schema: switchWorkspaceSchema }) body: z.infer<typeof switchWorkspaceSchema>): Promise<Me> {
    return this.auth.switchWorkspace(actor, body.workspaceId);
  }
}
